"""Extraction quality on every gold set, per property: what the closing notes and the README quote.

    python benchmarks/extraction.py            # seeds, dev, field tune and validate, fresh a-r
    python benchmarks/extraction.py --json     # one JSON object

Each set is ingested into a fresh in-memory store and scored by ``sfkg.evaluate`` (the rules of
tests/data/eval/FORMAT.md). The field corpus' validate split is for measuring only: nothing in
sfkg may be adapted to its texts.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIELD = ROOT / "tests" / "data" / "field"
SETS = {
    "seeds": (ROOT / "tests" / "data" / "eval" / "seeds-gold.yaml", ROOT / "seeds"),
    "dev": (ROOT / "tests" / "data" / "dev" / "gold.yaml", ROOT / "tests" / "data" / "dev"),
    "tune": (FIELD / "gold-tune.yaml", FIELD / "texts"),
    "validate": (FIELD / "gold-validate.yaml", FIELD / "texts"),
    "fresh-a": (ROOT / "tests" / "data" / "fresh" / "gold-a.yaml", ROOT / "tests" / "data" / "fresh" / "texts"),
    "fresh-b": (ROOT / "tests" / "data" / "fresh" / "gold-b.yaml", ROOT / "tests" / "data" / "fresh" / "texts"),
    "fresh-c": (ROOT / "tests" / "data" / "fresh" / "gold-c.yaml", ROOT / "tests" / "data" / "fresh" / "texts"),
    "fresh-d": (ROOT / "tests" / "data" / "fresh" / "gold-d.yaml", ROOT / "tests" / "data" / "fresh" / "texts"),
    "fresh-e": (ROOT / "tests" / "data" / "fresh" / "gold-e.yaml", ROOT / "tests" / "data" / "fresh" / "texts"),
    "fresh-f": (ROOT / "tests" / "data" / "fresh" / "gold-f.yaml", ROOT / "tests" / "data" / "fresh" / "texts"),
    "fresh-g": (ROOT / "tests" / "data" / "fresh" / "gold-g.yaml", ROOT / "tests" / "data" / "fresh" / "texts"),
    "fresh-h": (ROOT / "tests" / "data" / "fresh" / "gold-h.yaml", ROOT / "tests" / "data" / "fresh" / "texts"),
    "fresh-i": (ROOT / "tests" / "data" / "fresh" / "gold-i.yaml", ROOT / "tests" / "data" / "fresh" / "texts"),
    "fresh-j": (ROOT / "tests" / "data" / "fresh" / "gold-j.yaml", ROOT / "tests" / "data" / "fresh" / "texts"),
    "fresh-k": (ROOT / "tests" / "data" / "fresh" / "gold-k.yaml", ROOT / "tests" / "data" / "fresh" / "texts"),
    "fresh-l": (ROOT / "tests" / "data" / "fresh" / "gold-l.yaml", ROOT / "tests" / "data" / "fresh" / "texts"),
    "fresh-m": (ROOT / "tests" / "data" / "fresh" / "gold-m.yaml", ROOT / "tests" / "data" / "fresh" / "texts"),
    "fresh-n": (ROOT / "tests" / "data" / "fresh" / "gold-n.yaml", ROOT / "tests" / "data" / "fresh" / "texts"),
    "fresh-o": (ROOT / "tests" / "data" / "fresh" / "gold-o.yaml", ROOT / "tests" / "data" / "fresh" / "texts"),
    "fresh-p": (ROOT / "tests" / "data" / "fresh" / "gold-p.yaml", ROOT / "tests" / "data" / "fresh" / "texts"),
    "fresh-q": (ROOT / "tests" / "data" / "fresh" / "gold-q.yaml", ROOT / "tests" / "data" / "fresh" / "texts"),
    "fresh-r": (ROOT / "tests" / "data" / "fresh" / "gold-r.yaml", ROOT / "tests" / "data" / "fresh" / "texts"),
}


def measure(names: list[str]) -> dict:
    from sfkg.evaluate import evaluate

    out = {}
    for name in names:
        gold, texts = SETS[name]
        t0 = time.perf_counter()
        r = evaluate(gold, texts)
        out[name] = {
            "seconds": round(time.perf_counter() - t0, 1),
            "published": f"{r['published']['correct']}/{r['published']['total']}",
            "entities": {k: r["entities"][k] for k in ("precision", "recall", "f1")},
            "split": r["entities"]["split"],
            "claims": {k: r["claims"][k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")},
            "by_property": r["claims"]["by_property"],
            "boilerplate_errors": len(r["boilerplate_errors"]),
        }
    return out


def table(results: dict) -> str:
    def prf(d):
        return f"{d['precision']:.2f} / {d['recall']:.2f} / {d['f1']:.2f}"

    props = sorted({p for r in results.values() for p in r["by_property"]})
    lines = ["| measure | " + " | ".join(results) + " |", "|---" * (len(results) + 1) + "|"]
    rows = [("publication dates", lambda r: r["published"]),
            ("entities P / R / F1", lambda r: prf(r["entities"])),
            ("entities split", lambda r: ", ".join(r["split"]) or "none"),
            ("**claims P / R / F1**", lambda r: prf(r["claims"]))]
    rows += [(f"{p}", lambda r, p=p: (prf(r["by_property"][p]) + f" (n={r['by_property'][p]['tp'] + r['by_property'][p]['fn']})")
              if p in r["by_property"] else "-") for p in props]
    rows.append(("boilerplate errors", lambda r: str(r["boilerplate_errors"])))
    for label, fn in rows:
        lines.append(f"| {label} | " + " | ".join(fn(r) for r in results.values()) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="*", metavar="SET",
                    help="seeds, dev, tune, validate, fresh-a ... fresh-j (default: all)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    unknown = [s for s in args.sets if s not in SETS]
    if unknown:
        ap.error(f"unknown set {unknown[0]!r} (choose from {', '.join(SETS)})")
    results = measure(args.sets or list(SETS))
    print(json.dumps(results, indent=1) if args.json else table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
