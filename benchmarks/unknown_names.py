"""How much extraction owes to the reference data: the field corpus' tune split with every mission
and instrument renamed to an invented name (consistently across texts and gold), scored beside the
original. A rule that only works for names sfkg already knows loses here; a rule that reads the
sentence does not. An acronym is renamed to the initials of its renamed long form, as texts write
them ("Lunter Orbiting Telescope (LOT)"). The validate split is never used.

    python benchmarks/unknown_names.py [--seed 7] [--types Mission,Instrument] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIELD = ROOT / "tests" / "data" / "field"
SYLLABLES = ["ka", "ro", "ven", "tal", "mi", "sor", "lun", "pe", "dra", "qin", "vox", "ter", "bel",
             "nu", "sa", "ri", "zo", "fen"]
# words that describe rather than name: kept, so "the X telescope" stays a telescope
KEEP = {"of", "the", "for", "and", "&", "at", "on", "in", "x-ray", "telescope", "camera", "detector",
        "imager", "satellite", "probe", "mission", "monitor", "explorer", "instrument", "arrays",
        "array", "experiment", "lunar", "space", "analyzer", "analyser", "observatory", "rover",
        "lander", "orbiter", "station", "relay", "seismometer", "low", "frequency", "high-energy",
        # the head nouns and common words of organisations' names
        "institute", "university", "center", "centre", "academy", "agency", "administration",
        "laboratory", "ministry", "council", "committee", "bureau", "office", "corporation",
        "company", "school", "college", "department", "national", "research", "science", "sciences",
        "technology", "society", "association", "group", "team", "foundation", "commission",
        "federal", "state", "china", "chinese", "french", "european", "international", "and"}


def renamer(rng: random.Random):
    words: dict[str, str] = {}

    def word(w: str) -> str:
        key = re.sub(r"[’']", "'", w)
        if key.lower() in KEEP or re.fullmatch(r"[\d\W]+", key):
            return w
        if key not in words:
            if re.fullmatch(r"[A-Z]{2,}[a-z]?", key):
                words[key] = "".join(rng.choice("BCDFGHJKLMNPQRSTVWXZ") for _ in key)
            else:
                n = "".join(rng.choice(SYLLABLES) for _ in range(2))
                words[key] = n.upper() if key.isupper() else n.capitalize()
        return words[key]

    def name(label: str) -> str:
        parts = re.split(r"([\s\-–]+)", label)
        return "".join(p if not p or re.fullmatch(r"[\s\-–]+", p) else word(p) for p in parts)

    return name


def perturb(out: Path, seed: int, types: set[str]) -> Path:
    gold = yaml.safe_load((FIELD / "gold-tune.yaml").read_text(encoding="utf-8"))
    name = renamer(random.Random(seed))
    mapping = {lab: name(lab) for v in gold["entities"].values() if v["type"] in types
               for lab in v["labels"]}
    for v in gold["entities"].values():  # an acronym stays the initials of its renamed long form
        if v["type"] not in types:
            continue
        longs = [lab for lab in v["labels"] if len(lab.split()) >= 2]
        for lab in v["labels"]:
            if longs and re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", lab):
                initials = "".join(w[0].upper() for w in mapping[longs[0]].split() if w[0].isalnum())
                if len(initials) >= 2 and initials not in mapping.values():
                    mapping[lab] = initials
    keys = sorted(mapping, key=len, reverse=True)
    pattern = re.compile("|".join(r"(?<!\w)" + re.escape(k) + r"(?!\w)" for k in keys))
    texts = out / "texts"
    texts.mkdir(parents=True, exist_ok=True)
    for doc in gold["documents"]:
        text = (FIELD / "texts" / doc).read_text(encoding="utf-8")
        (texts / doc).write_text(pattern.sub(lambda m: mapping[m[0]], text), encoding="utf-8")
        meta = FIELD / "texts" / (doc[:-4] + ".meta.yaml")
        if meta.exists():
            shutil.copy(meta, texts)
    for v in gold["entities"].values():
        v["labels"] = [mapping.get(x, x) for x in v["labels"]]
    path = out / "gold.yaml"
    path.write_text(yaml.safe_dump(gold, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--types", default="Mission,Instrument", help="entity types to rename")
    ap.add_argument("--keep", type=Path, help="write the renamed texts and gold here")
    args = ap.parse_args(argv)
    from sfkg.evaluate import evaluate

    out = args.keep or Path(tempfile.mkdtemp(prefix="sfkg-unknown-"))
    gold = perturb(out, args.seed, set(args.types.split(",")))
    rows = {"tune": evaluate(FIELD / "gold-tune.yaml", FIELD / "texts"),
            "tune, names unknown": evaluate(gold, out / "texts")}
    print("| measure | " + " | ".join(rows) + " |\n|---|---|---|")
    print("| entities F1 | " + " | ".join(f"{r['entities']['f1']:.2f}" for r in rows.values()) + " |")
    print("| claims P / R / F1 | " + " | ".join(
        f"{r['claims']['precision']:.2f} / {r['claims']['recall']:.2f} / {r['claims']['f1']:.2f}"
        for r in rows.values()) + " |")
    for p in sorted(rows["tune"]["claims"]["by_property"]):
        print(f"| {p} | " + " | ".join(f"{r['claims']['by_property'].get(p, {'f1': 0})['f1']:.2f}"
                                       for r in rows.values()) + " |")
    if not args.keep:
        shutil.rmtree(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
