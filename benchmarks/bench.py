"""sfkg's benchmark: ingest throughput against raw spaCy, per-stage costs, the cost of adding one
document to a full store, as-of latency against rdflib's engine, view and export times, and
peak memory. Prints each figure with its target; --json prints them as one JSON object.

    python benchmarks/bench.py                 # N = 1,000
    python benchmarks/bench.py --docs 10000    # the large run
    python benchmarks/bench.py --docs 20000 --scheduler local:2   # extraction on Dask, then load

With --scheduler the run is the map/reduce one: extraction (sfkg.extract_bundles) on the Dask cluster
against 1 Dask worker and raw nlp.pipe on a sample (--sample), the load of the bundles
(kg.load) in its own process, the store's size on disk, and the query times on that store.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TARGETS = {"ingest_ratio": ">= 0.7", "add_one_ratio": "<= 1.5", "asof_p50_ms": "<= 20 (10,000 docs)",
           "asof_speedup_vs_rdflib": ">= 100", "peak_rss_mb": "< 2500 (10,000 docs)"}


def phase_ingest(corpus: Path, store: Path, workers: int) -> dict:
    """Run in a child process: ingest the corpus into a new on-disk store (peak memory is its own)."""
    import sfkg

    kg = sfkg.open(str(store))
    cpu0 = _cpu_now()
    t0 = time.perf_counter()
    report = kg.ingest([corpus], workers=workers)
    seconds = time.perf_counter() - t0
    kg.close()
    cpu = _cpu_now() - cpu0
    main_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    parser_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": seconds, "added": len(report.added), "failed": len(report.failed),
            "claims": report.claims, "timings": report.timings, "cpu_seconds": cpu,
            # the ingest process and, when it used them, its parser processes (each at its peak)
            "peak_rss_mb": (main_kb + (workers * parser_kb if parser_kb else 0)) / 1024,
            "main_peak_rss_mb": main_kb / 1024, "parser_peak_rss_mb": parser_kb / 1024}


def _cpu_now() -> float:
    """CPU seconds of this process and of its children that have ended."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def phase_raw(corpus: Path, workers: int, model: str | None) -> dict:
    """Run in a child process: the same model's nlp.pipe over the same texts, nothing else."""
    import spacy

    from sfkg.document import read_document
    from sfkg.nlp.pipeline import model_name

    texts = [read_document(p).body for p in sorted(corpus.glob("*.txt"))]
    nlp = spacy.load(model_name(model))
    cpu0 = _cpu_now()
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, n_process=workers):
        pass
    return {"seconds": time.perf_counter() - t0, "docs": len(texts), "cpu_seconds": _cpu_now() - cpu0}


def child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def add_one(store: Path, tmp: Path, n: int = 5) -> float:
    """Median time to ingest one new document into the full store over an empty one."""
    import corpus as gen

    import sfkg

    extra = gen.build(n, seed=99991, out=tmp / "extra")
    warm = sfkg.open("memory:")
    warm.ingest([extra[0]])  # load the model once, outside the timings
    full_times, empty_times = [], []
    kg = sfkg.open(str(store))
    for i, f in enumerate(extra):
        renamed = tmp / f"one{i}.txt"
        renamed.write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
        t0 = time.perf_counter()
        kg.ingest([renamed], published=date(2020, 1, 1))
        full_times.append(time.perf_counter() - t0)
        empty = sfkg.open(str(tmp / f"empty{i}"))
        t0 = time.perf_counter()
        empty.ingest([renamed], published=date(2020, 1, 1))
        empty_times.append(time.perf_counter() - t0)
        empty.close()
    kg.close()
    return statistics.median(full_times) / statistics.median(empty_times)


class RdflibStore:
    """The same queries on rdflib's in-memory engine, for comparison."""

    def __init__(self, nquads: str):
        from rdflib import Dataset

        self.ds = Dataset()
        self.ds.parse(data=nquads, format="nquads")

    def select(self, query: str) -> list[dict]:
        from rdflib import Literal

        result = self.ds.query(query)
        names = [str(v) for v in result.vars]
        return [{n: (v.toPython() if isinstance(v, Literal) else (str(v) if v is not None else None))
                 for n, v in zip(names, row)} for row in result]


def _name(kg, iri: str) -> str:
    label = kg.entity_ref(iri)["label"]
    try:
        return label if kg.resolve(label) == iri else iri
    except Exception:  # an ambiguous label
        return iri


def asof_latency(store: Path, samples: int, rdflib_samples: int, seed: int) -> dict:
    import sfkg

    kg = sfkg.open(str(store), read_only=True)
    rows = kg.store.select("PREFIX sfkg: <https://w3id.org/sfkg/ontology#> SELECT DISTINCT ?s ?p WHERE "
                           "{ GRAPH ?g { ?c sfkg:subject ?s ; sfkg:property ?p } }")
    props = {"launch", "data_release", "sample_return", "carries", "post", "built_by"}
    pairs = [(r["s"], r["p"].rsplit("#", 1)[1]) for r in rows if r["p"].rsplit("#", 1)[1] in props]
    rng = random.Random(seed)
    cases = [(*rng.choice(pairs), date.fromordinal(date(2015, 1, 1).toordinal() + rng.randrange(4000)))
             for _ in range(samples)]
    kg.asof_row(*cases[0])  # warm: the entity index is built once per open
    # ask by name, as users do (the IRI where a label names several entities)
    cases = [(_name(kg, s), p, on) for s, p, on in cases]
    times = []
    for s, p, on in cases:
        t0 = time.perf_counter()
        kg.asof_row(s, p, on)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p50, p95 = times[len(times) // 2], times[int(len(times) * 0.95) - 1]
    t0 = time.perf_counter()
    from sfkg.asofview import view_lines

    view = view_lines(kg, date(2020, 1, 1))  # the view's triples, as export --as-of writes them
    view_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    nquads = kg.export("nquads")
    export_s = time.perf_counter() - t0
    kg.close()
    out = {"asof_p50_ms": p50, "asof_p95_ms": p95, "view_seconds": view_s, "view_triples": len(view),
           "export_nquads_seconds": export_s, "quads": nquads.count("\n"), "rdflib_samples": 0,
           "rdflib_asof_p50_ms": None, "asof_speedup_vs_rdflib": None}
    if not rdflib_samples:
        return out
    # rdflib: the same API calls with its SPARQL engine answering the queries
    slow = sfkg.open("memory:")
    slow._index = kg._index  # the same entity index (built above from the embedded store)
    slow.store = RdflibStore(nquads)
    rtimes = []
    for s, p, on in cases[1:1 + rdflib_samples]:
        t0 = time.perf_counter()
        slow.asof_row(s, p, on)
        rtimes.append((time.perf_counter() - t0) * 1000)
    return {**out, "rdflib_asof_p50_ms": statistics.median(rtimes),
            "asof_speedup_vs_rdflib": statistics.median(rtimes) / p50, "rdflib_samples": len(rtimes)}


# ---------------------------------------------------------------- the map/reduce run (--scheduler)


def _warm(model):
    """Run on every Dask worker before timing: load the spaCy model (once per worker process)."""
    from sfkg.nlp.pipeline import build

    build(model)
    return True


def _peak_rss_mb():
    """Run on every Dask worker: its peak resident memory."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dask_extract(folder: Path, out: Path, scheduler: str, batch_size: int, model: str | None) -> dict:
    """Extract a folder on a Dask cluster (local:N started here, or a running scheduler), the
    model loaded on every worker before the clock starts: seconds, documents, peak RSS per worker."""
    from distributed import Client, LocalCluster

    from sfkg.distributed import extract

    cluster = None
    if scheduler.startswith("local:"):
        cluster = LocalCluster(n_workers=int(scheduler.removeprefix("local:")), threads_per_worker=1,
                               processes=True, dashboard_address=":0", silence_logs=logging.ERROR)
        address = cluster.scheduler_address
    else:
        address = scheduler
    client = Client(address, timeout="10s")
    try:
        workers = len(client.scheduler_info()["workers"])
        client.run(_warm, model)
        t0 = time.perf_counter()
        report = extract([folder], out, scheduler=address, batch_size=batch_size, model=model)
        seconds = time.perf_counter() - t0
        peaks = sorted(client.run(_peak_rss_mb).values())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return {"workers": workers, "seconds": seconds, "docs": len(report.written),
            "failed": len(report.failed), "claims": report.claims,
            "docs_per_s": len(report.written) / seconds, "worker_peak_rss_mb": peaks}


def phase_load(bundles: Path, store: Path) -> dict:
    """Run in a child process: load a folder of bundles into a new on-disk store."""
    import sfkg

    kg = sfkg.open(str(store))
    before = len(kg.store)
    t0 = time.perf_counter()
    report = kg.load(bundles)
    seconds = time.perf_counter() - t0
    quads = len(kg.store) - before
    kg.close()
    return {"seconds": seconds, "docs": len(report.added), "failed": len(report.failed),
            "quads": quads, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def known_at_times(store: Path) -> dict:
    """A --known-at SPARQL query and a --known-at N-Quads export, through the API."""
    from datetime import datetime, timezone

    import sfkg

    kg = sfkg.open(str(store), read_only=True)
    now = datetime.now(timezone.utc)
    q = ("PREFIX sfkg: <https://w3id.org/sfkg/ontology#> SELECT ?p (COUNT(?c) AS ?n) "
         "WHERE { GRAPH ?g { ?c sfkg:property ?p } } GROUP BY ?p")
    t0 = time.perf_counter()
    kg.sparql(q, known_at=now, timeout=None)
    sparql_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    kg.export("nquads", known_at=now)
    export_s = time.perf_counter() - t0
    kg.close()
    return {"known_at_sparql_seconds": sparql_s, "known_at_export_seconds": export_s}


def dask_main(args) -> None:
    import shutil

    import corpus as gen

    log = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr, flush=True))
    with contextlib.ExitStack() as stack:
        if args.keep:  # the corpus, bundles and store stay, for later measurements on them
            tmp_name = tempfile.mkdtemp(prefix="sfkg-bench-", dir=args.tmp)
            log(f"working folder (kept): {tmp_name}")
        else:
            tmp_name = stack.enter_context(tempfile.TemporaryDirectory(prefix="sfkg-bench-", dir=args.tmp))
        tmp = Path(tmp_name)
        log(f"generating {args.docs} press releases ...")
        files = gen.build(args.docs, args.seed, tmp / "corpus")
        words = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
        step = max(1, args.docs // min(args.sample, args.docs))
        sample = files[::step][:args.sample]
        (tmp / "sample").mkdir()
        for f in sample:
            shutil.copy(f, tmp / "sample" / f.name)
            side = f.with_name(f.stem + ".meta.yaml")
            if side.exists():
                shutil.copy(side, tmp / "sample" / side.name)
        raw_args = ("--phase", "raw", "--corpus", str(tmp / "sample"), "--workers", "1",
                    *(["--model", args.model] if args.model else []))
        log(f"raw spaCy on the sample of {len(sample)} ...")
        # each phase's figures are logged and kept in figures.json as soon as they exist, so a
        # run stopped part-way still leaves what it measured
        figures: dict = {}

        def done(name: str, value: dict) -> dict:
            figures[name] = value
            log(f"  {name}: {json.dumps(value)}")
            (tmp / "figures.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
            return value

        raw = done("raw", child(*raw_args))
        log(f"extract on 1 Dask worker (local:1), sample of {len(sample)} ...")
        one = done("extract_1", dask_extract(tmp / "sample", tmp / "bundles-1", "local:1",
                                             args.batch_size, args.model))
        log(f"extract on {args.scheduler}, {args.docs} documents ...")
        many = done("extract", dask_extract(tmp / "corpus", tmp / "bundles", args.scheduler,
                                            args.batch_size, args.model))
        log("load ...")
        load = done("load", child("--phase", "load", "--bundles", str(tmp / "bundles"),
                                  "--store", str(tmp / "store")))
        size = _du_mb(tmp / "store")
        bundles_mb = _du_mb(tmp / "bundles")
        log("as-of latency, view, export ...")
        lat = done("asof", asof_latency(tmp / "store", args.samples, 0, args.seed))
        log("--known-at sparql and export ...")
        known = done("known_at", known_at_times(tmp / "store"))
    total_s = many["seconds"] + load["seconds"]
    result = {
        "docs": args.docs, "words": words, "scheduler": args.scheduler, "sample": len(sample),
        "batch_size": args.batch_size,
        "raw_nlp_docs_per_s_sample": raw["docs"] / raw["seconds"],
        "extract_1_worker_docs_per_s_sample": one["docs_per_s"],
        "extract_docs_per_s": many["docs_per_s"], "extract_workers": many["workers"],
        "extract_seconds": many["seconds"], "extract_failed": many["failed"], "claims": many["claims"],
        "speedup_vs_1_worker": many["docs_per_s"] / one["docs_per_s"],
        "per_worker_docs_per_s": many["docs_per_s"] / max(many["workers"], 1),
        "worker_peak_rss_mb": many["worker_peak_rss_mb"],
        "load_seconds": load["seconds"], "load_docs_per_s": load["docs"] / load["seconds"],
        "load_quads_per_s": load["quads"] / load["seconds"], "load_quads": load["quads"],
        "load_failed": load["failed"], "loader_peak_rss_mb": load["peak_rss_mb"],
        "ingest_docs_per_s": load["docs"] / total_s, "store_mb": size, "bundles_mb": bundles_mb,
        **lat, **known,
        "machine": f"{os.cpu_count()} cores, {sys.platform}, Python {sys.version.split()[0]}",
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    r = result
    print(f"sfkg map/reduce benchmark: {args.docs} documents, {words:,} words, extract on "
          f"{args.scheduler} ({many['workers']} workers, {args.batch_size} files per task)")
    print(f"  raw nlp.pipe          {r['raw_nlp_docs_per_s_sample']:8.2f} docs/s  (1 process, sample of {len(sample)})")
    print(f"  extract, 1 worker     {r['extract_1_worker_docs_per_s_sample']:8.2f} docs/s  (local:1, sample of {len(sample)})")
    print(f"  extract, {many['workers']} workers    {r['extract_docs_per_s']:8.2f} docs/s  (all {args.docs}; "
          f"{r['per_worker_docs_per_s']:.2f} per worker; {r['speedup_vs_1_worker']:.2f}x 1 worker)")
    print(f"  load                  {r['load_docs_per_s']:8.2f} docs/s  {r['load_quads_per_s']:9.0f} quads/s "
          f"({r['load_quads']:,} quads in {r['load_seconds']:.1f} s)")
    print(f"  extract + load        {r['ingest_docs_per_s']:8.2f} docs/s  ({total_s:.0f} s)")
    print(f"  peak RSS              workers {', '.join(f'{x:.0f}' for x in r['worker_peak_rss_mb'])} MB; "
          f"loader {r['loader_peak_rss_mb']:.0f} MB")
    print(f"  store on disk         {r['store_mb']:.0f} MB (bundles {r['bundles_mb']:.0f} MB)")
    print(f"  asof p50 / p95        {lat['asof_p50_ms']:.1f} / {lat['asof_p95_ms']:.1f} ms")
    print(f"  as-of view            {lat['view_seconds']:.1f} s ({lat['view_triples']} triples)")
    print(f"  --known-at sparql     {known['known_at_sparql_seconds']:.1f} s")
    print(f"  export N-Quads        {lat['export_nquads_seconds']:.1f} s ({lat['quads']} quads); "
          f"--known-at {known['known_at_export_seconds']:.1f} s")
    print(f"  machine               {r['machine']}")


def main() -> None:
    ap = argparse.ArgumentParser(description="sfkg benchmark")
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=1, help="parser processes: ingest --workers N against nlp.pipe(n_process=N)")
    ap.add_argument("--model", default=None)
    ap.add_argument("--samples", type=int, default=200)
    ap.add_argument("--rdflib-samples", type=int, default=None,
                    help="as-of queries on rdflib's engine (default 5 up to 1,000 documents, else 0: "
                         "it takes minutes per query on a larger store)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--scheduler", default=None,
                    help="extract on Dask (local:N, or tcp://HOST:8786 with workers that see this "
                         "machine's temporary folder), then load: the map/reduce benchmark")
    ap.add_argument("--keep", action="store_true",
                    help="with --scheduler: keep the working folder (corpus, bundles, store)")
    ap.add_argument("--sample", type=int, default=2000,
                    help="with --scheduler: the documents on which 1 Dask worker and raw nlp.pipe are "
                         "timed (every k-th one of the corpus)")
    ap.add_argument("--batch-size", type=int, default=16, help="with --scheduler: files per Dask task")
    ap.add_argument("--tmp", type=Path, default=None, help="with --scheduler: the working folder "
                    "(default: a temporary one; on a real cluster a folder every worker sees)")
    ap.add_argument("--phase", choices=["ingest", "raw", "load"], help=argparse.SUPPRESS)
    ap.add_argument("--bundles", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.rdflib_samples is None:
        args.rdflib_samples = 5 if args.docs <= 1000 else 0
    if args.phase == "ingest":
        print(json.dumps(phase_ingest(args.corpus, args.store, args.workers)))
        return
    if args.phase == "raw":
        print(json.dumps(phase_raw(args.corpus, args.workers, args.model)))
        return
    if args.phase == "load":
        print(json.dumps(phase_load(args.bundles, args.store)))
        return
    if args.scheduler:
        dask_main(args)
        return

    import corpus as gen

    log = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr, flush=True))
    with tempfile.TemporaryDirectory(prefix="sfkg-bench-") as tmp_name:
        tmp = Path(tmp_name)
        log(f"generating {args.docs} press releases ...")
        files = gen.build(args.docs, args.seed, tmp / "corpus")
        words = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
        raw_args = ("--phase", "raw", "--corpus", str(tmp / "corpus"), "--workers", str(args.workers),
                    *(["--model", args.model] if args.model else []))
        log("raw spaCy ...")
        raw_before = child(*raw_args)
        log("ingest ...")
        ing = child("--phase", "ingest", "--corpus", str(tmp / "corpus"), "--store", str(tmp / "store"),
                    "--workers", str(args.workers))
        log("raw spaCy again ...")  # the machine's speed drifts: raw is timed on both sides of ingest
        raw_after = child(*raw_args)
        raw = {"docs": raw_before["docs"], "seconds": (raw_before["seconds"] + raw_after["seconds"]) / 2,
               "cpu_seconds": (raw_before["cpu_seconds"] + raw_after["cpu_seconds"]) / 2,
               "runs_docs_per_s": [raw_before["docs"] / raw_before["seconds"],
                                   raw_after["docs"] / raw_after["seconds"]]}
        log("adding one document ...")
        add_ratio = add_one(tmp / "store", tmp)
        log("as-of latency ...")
        lat = asof_latency(tmp / "store", args.samples, args.rdflib_samples, args.seed)
    total = sum(ing["timings"].values()) or 1.0
    result = {
        "docs": args.docs, "words": words, "workers": args.workers,
        "ingest_seconds": ing["seconds"], "ingest_docs_per_s": ing["added"] / ing["seconds"],
        "ingest_words_per_s": words / ing["seconds"], "ingest_failed": ing["failed"], "claims": ing["claims"],
        "raw_nlp_docs_per_s": raw["docs"] / raw["seconds"], "raw_nlp_words_per_s": words / raw["seconds"],
        "raw_nlp_runs_docs_per_s": raw["runs_docs_per_s"],
        "ingest_cpu_ms_per_doc": 1000 * ing["cpu_seconds"] / max(ing["added"], 1),
        "raw_nlp_cpu_ms_per_doc": 1000 * raw["cpu_seconds"] / raw["docs"],
        "stage_share": {k: round(v / total, 3) for k, v in ing["timings"].items()},
        "add_one_ratio": add_ratio, "peak_rss_mb": ing["peak_rss_mb"], **lat,
        "machine": f"{os.cpu_count()} cores, {sys.platform}, Python {sys.version.split()[0]}",
    }
    result["ingest_ratio"] = result["ingest_docs_per_s"] / result["raw_nlp_docs_per_s"]
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"sfkg benchmark: {args.docs} documents, {words:,} words, --workers {args.workers}")
    print(f"  ingest            {result['ingest_docs_per_s']:8.2f} docs/s  {result['ingest_words_per_s']:9.0f} words/s")
    print(f"  raw nlp.pipe      {result['raw_nlp_docs_per_s']:8.2f} docs/s  {result['raw_nlp_words_per_s']:9.0f} words/s"
          f"  (before / after ingest: {' / '.join(f'{x:.2f}' for x in raw['runs_docs_per_s'])} docs/s)")
    print(f"  ingest/raw        {result['ingest_ratio']:8.2f}   target {TARGETS['ingest_ratio']}")
    print(f"  CPU per document  ingest {result['ingest_cpu_ms_per_doc']:.0f} ms (parsers and main process), "
          f"raw {result['raw_nlp_cpu_ms_per_doc']:.0f} ms")
    print("  stage shares      " + ", ".join(f"{k} {v:.0%}" for k, v in result["stage_share"].items()))
    print(f"  add one (full/empty store) {add_ratio:.2f}   target {TARGETS['add_one_ratio']}")
    print(f"  asof p50 / p95    {lat['asof_p50_ms']:.1f} / {lat['asof_p95_ms']:.1f} ms   target {TARGETS['asof_p50_ms']}")
    if lat["rdflib_samples"]:
        print(f"  asof on rdflib    {lat['rdflib_asof_p50_ms']:.0f} ms p50 over {lat['rdflib_samples']} queries; "
              f"speed-up {lat['asof_speedup_vs_rdflib']:.0f}x   target {TARGETS['asof_speedup_vs_rdflib']}")
    else:
        print("  asof on rdflib    not run (--rdflib-samples 0; the target is for N = 1,000)")
    print(f"  as-of view        {lat['view_seconds']:.1f} s ({lat['view_triples']} triples)")
    print(f"  export N-Quads    {lat['export_nquads_seconds']:.1f} s ({lat['quads']} quads)")
    print(f"  peak RSS (ingest) {result['peak_rss_mb']:.0f} MB (main {ing['main_peak_rss_mb']:.0f} MB + "
          f"{args.workers} x parser {ing['parser_peak_rss_mb']:.0f} MB)   target {TARGETS['peak_rss_mb']}")
    print(f"  machine           {result['machine']}")


if __name__ == "__main__":
    main()
