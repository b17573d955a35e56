"""The command line, in-process (typer's CliRunner) and as a real process for exit codes."""

import json
import re
import subprocess
import sys

import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from sfkg.cli import app
from sfkg.textnorm import normalize

from .conftest import ROOT, SEEDS

runner = CliRunner()
COMMANDS = ["ingest", "documents", "entities", "claims", "asof", "history", "conflicts", "sparql",
            "export", "validate", "time", "eval", "extract", "load"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "kg"
    result = runner.invoke(app, ["--store", str(path), "ingest", str(SEEDS), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["documents"] == 5 and summary["failed"] == 0 and summary["shacl"] == "conforms"
    return str(path)


def run(store, *args):
    result = runner.invoke(app, ["--store", store, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def sfkg(*args, cwd=None):
    return subprocess.run([sys.executable, "-c", "from sfkg.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_has_help_and_is_in_the_readme(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and len(result.stdout) > 100
    assert re.search(rf"sfkg {command}\b", (ROOT / "README.md").read_text())


def test_cli_reingest_skips_unchanged(store):
    summary = json.loads(run(store, "ingest", str(SEEDS), "--format", "json"))
    assert summary["documents"] == 0 and summary["skipped_unchanged"] == 5


def test_cli_documents_rows(store):
    rows = json.loads(run(store, "documents", "--format", "json"))
    assert [r["document"][:3] for r in rows] == ["000", "001", "002", "003", "004"]
    assert set(rows[0]) == {"document", "title", "published", "published_basis", "sha256", "claims"}
    assert {r["published_basis"] for r in rows} == {"stated", "inferred"}


def test_cli_entities_rows(store):
    rows = json.loads(run(store, "entities", "--format", "json"))
    assert set(rows[0]) == {"iri", "type", "label", "labels", "documents"}
    svom = [r for r in rows if "SVOM" in r["labels"]]
    assert len(svom) == 1 and svom[0]["type"] == "Mission" and len(svom[0]["documents"]) == 5


CLAIM_KEYS = {"document", "published", "s", "p", "time", "status", "earliest", "latest", "o", "post",
              "org", "parties", "signatories", "participants", "place", "title", "evidence",
              "char_start", "char_end", "iri"}


def test_cli_claims_rows_have_every_key_and_true_offsets(store):
    rows = [json.loads(line) for line in run(store, "claims", "--format", "jsonl").splitlines()]
    assert rows and all(set(r) == CLAIM_KEYS for r in rows)
    assert {r["p"] for r in rows} == {"launch", "sample_return", "data_release", "carries", "built_by",
                                      "post", "agreement", "meeting"}
    for r in rows:
        text = (SEEDS / r["document"]).read_text(encoding="utf-8")
        # the evidence is the normalised text (odd spaces and quotes replaced one for one)
        assert normalize(text[r["char_start"]:r["char_end"]]) == r["evidence"]


def test_cli_claims_filters(store):
    rows = json.loads(run(store, "claims", "--subject", "chang’e-6", "--property", "launch",
                          "--as-of", "2021-01-01", "--format", "json"))
    assert [(r["time"], r["status"]) for r in rows] == [("2023", "planned")]


def test_cli_asof_json(store):
    out = json.loads(run(store, "asof", "SVOM", "launch", "--on", "2020-12-31", "--format", "json"))
    assert set(out) == {"subject", "property", "on", "answers"}
    assert set(out["subject"]) == {"iri", "label", "labels", "type"}
    assert out["answers"] == [{"time": "2022-06", "status": "planned", "earliest": "2022-06-01",
                               "latest": "2022-06-30", "sources": ["003_d763cce60e32b853.txt"]}]


def test_cli_history_and_conflicts(store):
    rows = json.loads(run(store, "history", "SVOM", "launch", "--format", "json"))
    assert [r["time"] for r in rows] == ["2021", "2022-06", "2022-06", "2024-06-22"]
    conflicts = json.loads(run(store, "conflicts", "--on", "2024-07-13", "--format", "json"))
    assert set(conflicts[0]) == {"subject", "property", "times", "claims"}
    csv = run(store, "conflicts", "--format", "csv")
    assert csv.splitlines()[0] == "subject,property,times,moves,slip_days,sources"
    svom = [line for line in csv.splitlines() if line.startswith("SVOM")][0]
    assert svom.startswith("SVOM,launch,2021; 2022-06; 2024-06-22,2,")  # 2021 -> 2022-06 -> flown


def test_cli_sparql_over_the_view(store):
    q = ("PREFIX sfkg: <https://w3id.org/sfkg/ontology#> "
         "SELECT ?d WHERE { ?m sfkg:launchDate ?d ; a sfkg:Mission ; "
         "<http://www.w3.org/2004/02/skos/core#prefLabel> 'SVOM' }")
    assert json.loads(run(store, "sparql", q, "--as-of", "2020-12-31", "--format", "json")) == [{"d": "2022-06"}]
    assert json.loads(run(store, "sparql", q, "--as-of", "2024-07-13", "--format", "json")) == [{"d": "2024-06-22"}]
    graphs = json.loads(run(store, "sparql", "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                            "--format", "json"))
    assert graphs == [{"n": "6"}]  # five documents and the reference graph


def test_cli_export_round_trips_and_is_byte_identical(store, tmp_path):
    trig = run(store, "export", "--format", "trig")
    nquads = run(store, "export", "--format", "nquads")
    assert trig == run(store, "export", "--format", "trig")
    ds = Dataset()
    ds.parse(data=trig, format="trig")
    assert len(list(ds.quads((None, None, None, None)))) == len(nquads.splitlines())
    turtle = run(store, "export", "--format", "turtle")
    g = Graph().parse(data=turtle, format="turtle")
    union = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    assert len(g) == len(union)
    view = run(store, "export", "--as-of", "2020-12-31", "--format", "turtle")
    assert "launchDate" in view and view == run(store, "export", "--as-of", "2020-12-31", "--format", "turtle")
    out = tmp_path / "kg.trig"
    run(store, "export", "-o", str(out))
    assert out.read_text() == trig
    again = runner.invoke(app, ["--store", store, "export", "-o", str(out)])
    assert again.exit_code != 0


def test_cli_validate_passes_on_the_seeds(store):
    assert "conforms" in run(store, "validate")


def test_cli_time():
    out = json.loads(runner.invoke(app, ["time", "by the end of the year", "--anchor", "2030-10-02"]).stdout)
    assert out == {"text": "by the end of the year", "anchor": "2030-10-02", "edtf": "../2030-12",
                   "earliest": None, "latest": "2030-12-31", "granularity": "month"}
    assert json.loads(runner.invoke(app, ["time", "a few months"]).stdout)["edtf"] is None


def test_cli_eval_reports_the_floors():
    result = runner.invoke(app, ["eval", str(ROOT / "tests/data/eval/seeds-gold.yaml"), "--texts",
                                 str(SEEDS), "--format", "json"])
    out = json.loads(result.stdout)
    assert out["published"]["correct"] == 5 and out["claims"]["f1"] >= 0.9
    assert {"published", "entities", "claims", "boilerplate_errors", "missed", "spurious"} <= set(out)


def test_cli_errors_are_one_line(store, tmp_path):
    for args, fragment in [
        (["--store", store, "sparql", "SELEC ?x WHERE {}"], "SPARQL syntax error"),
        (["--store", store, "asof", "SVMO", "launch", "--on", "2020-12-31"], "did you mean 'SVOM'"),
        (["--store", store, "asof", "SVOM", "launch", "--on", "last week"], "not a date"),
        (["--store", store, "claims", "--property", "lunch"], "unknown property"),
        (["--store", str(tmp_path / "s"), "ingest", str(tmp_path / "nope.txt")], "no such file"),
    ]:
        p = sfkg(*args)
        assert p.returncode == 1, (args, p.stderr)
        lines = p.stderr.strip().splitlines()
        assert len(lines) == 1 and fragment in lines[0] and "Traceback" not in p.stderr


# ---------------------------------------------------------------- usage mistakes: exit 2, no traceback


@pytest.mark.parametrize("args", [
    [], ["-h"], ["help"], ["documents", "--formt", "json"], ["asof", "SVOM"], ["frobnicate"],
    ["documents", "--format", "xml"], ["ingest", "seeds", "--workers", "0"],
    ["sparql", "ASK {}", "--timeout", "-1"], ["asof", "SVOM", "launch"],
])
def test_cli_usage_mistakes_are_usage_errors(args, tmp_path):
    p = sfkg("--store", str(tmp_path / "kg"), *args)
    assert p.returncode == 2, (args, p.stderr)
    assert "Traceback" not in p.stderr and p.stdout == ""
    errors = [line for line in p.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "Usage: sfkg" in p.stderr
    assert not (tmp_path / "kg").exists()  # a mistake touches nothing


def test_cli_version():
    from sfkg import __version__

    p = sfkg("--version")
    assert p.returncode == 0 and p.stdout.strip() == f"sfkg {__version__}"


# ---------------------------------------------------------------- feedback


def test_cli_ctrl_c_reports_what_was_stored_and_a_rerun_finishes(tmp_path):
    import signal
    import time

    import sfkg as api

    from .conftest import seed_batch

    folder = seed_batch(tmp_path / "batch", 12)
    store = tmp_path / "kg"
    proc = subprocess.Popen([sys.executable, "-c", "from sfkg.cli import main; main()", "--store",
                             str(store), "ingest", str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 240
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.3)
        if (store / "CURRENT").exists():
            try:
                if len(api.open(str(store), read_only=True).documents()) >= 2:
                    break
            except api.errors.SfkgError:
                pass
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    m = re.search(r"interrupted: (\d+) document\(s\) stored .*run the same 'sfkg ingest' again", err)
    assert m and "Traceback" not in err, err
    stored = int(m.group(1))
    assert stored == len(api.open(str(store), read_only=True).documents()) < 12
    rerun = sfkg("--store", str(store), "ingest", str(folder), "--format", "json")
    summary = json.loads(rerun.stdout)
    assert summary["documents"] == 12 - stored and summary["skipped_unchanged"] == stored


def test_ctrl_c_while_a_document_is_stored_waits_until_it_is_counted():
    import os
    import signal

    from sfkg.ingest import whole_document

    done = []
    with pytest.raises(KeyboardInterrupt):
        with whole_document():
            os.kill(os.getpid(), signal.SIGINT)  # lands between the store's write and the count
            done.append("stored")
            done.append("counted")
    assert done == ["stored", "counted"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_cli_progress_has_a_model_phase_rate_and_times(tmp_path, monkeypatch):
    import io

    from rich.console import Console

    import sfkg as api
    import sfkg.cli as cli

    (tmp_path / "r.txt").write_text("Paris, 3 March 2021\n\nSVOM Launch Date Set By The Agencies\n\n"
                                    "CNES said on Wednesday that the SVOM satellite will launch in June 2022.\n")
    calls = []
    report = api.open("memory:").ingest(tmp_path, progress=lambda i, n, name: calls.append((i, n, name)))
    assert calls[0] == (0, 0, "loading the model") and calls[-1] == (1, 1, "r.txt")
    summary = report.as_dict()
    assert summary["seconds"] > 0 and summary["docs_per_s"] > 0
    screen = io.StringIO()
    monkeypatch.setattr(cli, "_stderr", lambda: Console(file=screen, force_terminal=True, width=160))
    (tmp_path / "s.txt").write_text((tmp_path / "r.txt").read_text().replace("June", "July"))
    result = runner.invoke(app, ["--store", "memory:", "ingest", str(tmp_path)])
    assert result.exit_code == 0
    assert "elapsed" in screen.getvalue() and "left" in screen.getvalue()
    table = result.stdout
    assert "seconds" in table and "docs_per_s" in table


# ---------------------------------------------------------------- the small things a user meets


def test_cli_properties_fold_case_and_suggest(store):
    out = json.loads(run(store, "asof", "SVOM", "LAUNCH", "--on", "2020-12-31", "--format", "json"))
    assert out["property"] == "launch" and out["answers"][0]["time"] == "2022-06"
    p = sfkg("--store", store, "asof", "SVOM", "lanch", "--on", "2020-12-31")
    assert p.returncode == 1 and "did you mean 'launch'" in p.stderr
    p = sfkg("--store", store, "asof", "China", "launch", "--on", "2020-12-31")
    assert p.returncode == 1 and "launch does not apply to China, a place" in p.stderr


def test_cli_export_to_stdout_with_dash(store):
    assert run(store, "export", "-o", "-", "--format", "nquads") == run(store, "export", "--format", "nquads")


def test_cli_format_applies_to_ask_construct_and_select_star_keeps_order(store):
    assert json.loads(run(store, "sparql", "ASK { ?s ?p ?o }", "--format", "json")) == {"boolean": True}
    assert run(store, "sparql", "ASK { ?s ?p ?o }", "--format", "csv").splitlines() == ["boolean", "true"]
    assert run(store, "sparql", "ASK { ?s ?p ?o }").strip() == "true"
    q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/sfkg/ontology#Document> ; ?p ?o } LIMIT 3"
    rows = json.loads(run(store, "sparql", q, "--format", "json"))
    assert len(rows) == 3 and all(set(r) == {"s", "p", "o"} for r in rows)
    assert len(run(store, "sparql", q).strip().splitlines()) == 3  # N-Triples by default
    header = run(store, "sparql", "SELECT * WHERE { ?zeta ?alpha ?mu } LIMIT 1", "--format", "csv")
    assert header.splitlines()[0] == "zeta,alpha,mu"


def test_cli_readme_examples_are_reproducible():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert not re.search(r"--known-at \d{4}-\d\d-\d\dT", readme), "a timestamp only its author had"
    trig = (ROOT / "data" / "seeds.trig").read_text(encoding="utf-8")
    iris = set(re.findall(r"https://w3id\.org/sfkg/doc/[\w./-]+[\w]", readme))
    assert iris and all(i in trig for i in iris), "README shows IRIs the seeds do not have"
    for limit in ("5 MiB", "1,000,000 characters", "64 KiB", "2,000 characters", "30 seconds"):
        assert limit in readme, limit
    assert "stops the client" in readme  # --timeout on a remote store


# ---------------------------------------------------------------- extract and load (map and reduce)


def test_cli_extract_then_load_is_the_same_store_as_ingest(store, tmp_path):
    out = tmp_path / "bundles"
    result = runner.invoke(app, ["extract", str(SEEDS), "--out", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["bundles_written"] == 5 and summary["failed"] == 0 and summary["claims"] > 0
    assert len(list(out.glob("*.nq"))) == 5
    again = json.loads(runner.invoke(app, ["extract", str(SEEDS), "--out", str(out), "--format",
                                           "json"]).stdout)
    assert again["bundles_written"] == 0 and again["skipped_done"] == 5
    kg = str(tmp_path / "kg")
    loaded = json.loads(run(kg, "load", str(out), "--format", "json"))
    assert loaded["documents"] == 5 and loaded["claims"] == summary["claims"]
    assert run(kg, "claims", "--format", "json") == run(store, "claims", "--format", "json")
    assert run(kg, "documents", "--format", "json") == run(store, "documents", "--format", "json")
    assert json.loads(run(kg, "load", str(out), "--format", "json"))["skipped_unchanged"] == 5


def test_cli_extract_and_load_errors_are_one_line(tmp_path):
    for args, fragment in [
        (["--store", str(tmp_path / "s"), "load", str(tmp_path / "nowhere")], "no such folder of bundles"),
        (["--store", str(tmp_path / "s"), "ingest", str(SEEDS), "--bundles", str(tmp_path / "b")],
         "--bundles goes with --scheduler"),
        (["extract", str(SEEDS), "--out", str(tmp_path / "b"), "--scheduler", "local:x"], "local:N"),
    ]:
        p = sfkg(*args)
        assert p.returncode == 1, (args, p.stderr)
        lines = p.stderr.strip().splitlines()
        assert len(lines) == 1 and fragment in lines[0] and "Traceback" not in p.stderr, p.stderr
