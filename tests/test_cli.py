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
            "export", "validate", "time", "eval"]


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
