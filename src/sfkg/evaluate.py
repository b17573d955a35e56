"""Score an ingested graph against a gold file (``sfkg-gold/1``, see eval/FORMAT.md).

Nothing here knows any particular text: names match by their folded labels, times by the
interval and granularity they denote, lists by containment of every gold member.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import SfkgError
from .temporal import parse_time
from .timevalue import from_edtf
from .textnorm import fold

SCORED_TYPES = {"Agency", "Organization", "Person", "Mission", "Instrument", "Program"}
LIST_KEYS = ("parties", "signatories", "participants")
ENTITY_KEYS = ("s", "o", "org", "place")


def load_gold(path: str | Path) -> dict:
    try:
        gold = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SfkgError(f"{path}: cannot read gold file ({str(exc).splitlines()[0]})") from None
    if not isinstance(gold, dict) or gold.get("format") != "sfkg-gold/1":
        raise SfkgError(f"{path}: not a gold file (expected 'format: sfkg-gold/1')")
    return gold


def _labels(entity: dict | None) -> set[str]:
    if not entity:
        return set()
    return {fold(x) for x in [entity.get("label") or "", *(entity.get("labels") or [])] if x}


def _f1(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": tp, "fp": fp, "fn": fn}


def _same_time(gold: str, got: str | None) -> bool:
    if got is None:
        return False
    a, b = from_edtf(str(gold)), from_edtf(got)
    return a is not None and b is not None and (a.edtf, a.earliest, a.latest) == (b.edtf, b.earliest, b.latest)


_ARTICLES = re.compile(r"\b(the|a|an)\b")


def post_key(post) -> str:
    """A post as compared: folded, without the articles "the", "a" and "an" (FORMAT.md)."""
    return " ".join(_ARTICLES.sub(" ", fold(str(post or ""))).split())


def claim_matches(g: dict, c: dict, gold_labels: dict[str, set[str]]) -> bool:
    if g["p"] != c["p"]:
        return False
    for key in ENTITY_KEYS:
        if key in g and not (gold_labels.get(g[key], {fold(g[key])}) & _labels(c.get(key))):
            return False
    if "time" in g and not _same_time(g["time"], c.get("time")):
        return False
    if "status" in g and fold(str(g["status"] or "")) != fold(str(c.get("status") or "")):
        return False
    if "post" in g and post_key(g["post"]) != post_key(c.get("post")):
        return False
    for key in LIST_KEYS:
        for member in g.get(key) or []:
            want = gold_labels.get(member, {fold(member)})
            if not any(want & _labels(x) for x in c.get(key) or []):
                return False
    return True


def match_claims(gold: list[dict], got: list[dict], gold_labels) -> dict[int, int]:
    """A maximum one-to-one matching of gold claims to extracted claims (augmenting paths), so
    that a vague gold claim never takes the extracted claim a precise one needed."""
    options = [[i for i, c in enumerate(got) if claim_matches(g, c, gold_labels)] for g in gold]
    owner: dict[int, int] = {}  # extracted index -> gold index

    def augment(gi: int, seen: set[int]) -> bool:
        for ci in options[gi]:
            if ci in seen:
                continue
            seen.add(ci)
            if ci not in owner or augment(owner[ci], seen):
                owner[ci] = gi
                return True
        return False

    for gi in range(len(gold)):
        augment(gi, set())
    return {gi: ci for ci, gi in owner.items()}


def score(kg, gold: dict) -> dict:
    gold_labels = {k: {fold(x) for x in [k, *(v.get("labels") or [])]}
                   for k, v in (gold.get("entities") or {}).items()}
    docs = {d["document"]: d for d in kg.document_rows()}
    entities = kg.entity_rows()
    out = {"published": {"correct": 0, "total": 0, "wrong": []},
           "entities": {}, "claims": {}, "boilerplate_errors": [], "missed": [], "spurious": []}
    e_tp = e_fp = e_fn = 0
    by_prop: dict[str, list[int]] = {}
    iris_of: dict[str, set[str]] = {}
    for name, gdoc in (gold.get("documents") or {}).items():
        out["published"]["total"] += 1
        got = docs.get(name)
        if got is None:
            out["published"]["wrong"].append({"document": name, "expected": str(gdoc.get("published")),
                                              "got": None})
            e_fn += len(gdoc.get("mentions") or [])
            for g in gdoc.get("claims") or []:
                by_prop.setdefault(g["p"], [0, 0, 0])[2] += 1
                out["missed"].append({"document": name, **g})
            continue
        if got["published"] == str(gdoc.get("published")):
            out["published"]["correct"] += 1
        else:
            out["published"]["wrong"].append({"document": name, "expected": str(gdoc.get("published")),
                                              "got": got["published"]})
        # entities
        named = [e for e in entities if name in e["documents"] and e["type"] in SCORED_TYPES]
        mentions = gdoc.get("mentions") or []
        matched_gold = set()
        for e in named:
            labels = _labels(e)
            hits = [k for k in mentions if gold_labels.get(k, {fold(k)}) & labels]
            if hits:
                e_tp += 1
                matched_gold.update(hits)
            else:
                e_fp += 1
        e_fn += len(set(mentions) - matched_gold)
        for e in entities:
            if name in e["documents"]:
                for k, labels in gold_labels.items():
                    if labels & _labels(e):
                        iris_of.setdefault(k, set()).add(e["iri"])
        for bad in gdoc.get("not_entities") or []:
            if any(fold(bad) in _labels(e) for e in entities if name in e["documents"]):
                out["boilerplate_errors"].append({"document": name, "entity": bad})
        # claims
        claims = kg.claim_rows(document=name)
        for bad in gdoc.get("not_dates") or []:
            if _date_taken_from(str(bad), claims, got):
                out["boilerplate_errors"].append({"document": name, "date": bad})
        gclaims = gdoc.get("claims") or []
        pairs = match_claims(gclaims, claims, gold_labels)
        used = set(pairs.values())
        for gi, g in enumerate(gclaims):
            counts = by_prop.setdefault(g["p"], [0, 0, 0])
            if gi in pairs:
                counts[0] += 1
            else:
                counts[2] += 1
                out["missed"].append({"document": name, **g})
        for i, c in enumerate(claims):
            if i not in used:
                by_prop.setdefault(c["p"], [0, 0, 0])[1] += 1
                out["spurious"].append(_brief(c))
    ent = _f1(e_tp, e_fp, e_fn)
    ent["split"] = sorted(k for k, iris in iris_of.items() if len(iris) > 1)
    out["entities"] = ent
    tp, fp, fn = (sum(v[i] for v in by_prop.values()) for i in range(3))
    out["claims"] = {**_f1(tp, fp, fn),
                     "by_property": {p: _f1(*v) for p, v in sorted(by_prop.items())}}
    out["missed"] = [{k: _plain(v) for k, v in m.items()} for m in out["missed"]]
    return out


def _date_taken_from(bad: str, claims: list[dict], doc: dict) -> bool:
    """Whether a text that is not a date became the publication date or a claim's time: a claim
    read from a sentence containing it whose time is the date (or a year) written in it."""
    tv = parse_time(bad)
    if tv and tv.granularity == "day" and doc["published_basis"] == "stated" \
            and doc["published"] == tv.earliest.isoformat():
        return True
    values = {tv.edtf} if tv else set()
    values |= set(re.findall(r"\b(1[89]\d\d|20\d\d)\b", bad))
    return any(bad in c["evidence"] and c["time"] and any(
        c["time"] == v or c["time"].startswith(v + "-") for v in values) for c in claims)


def _plain(v):
    return v if isinstance(v, (str, int, float, list, dict, type(None))) else str(v)


def _brief(c: dict) -> dict:
    def lab(x):
        return x["label"] if x else None
    return {"document": c["document"], "p": c["p"], "s": lab(c["s"]), "o": lab(c["o"]),
            "time": c["time"], "status": c["status"], "post": c["post"], "org": lab(c["org"]),
            "place": lab(c["place"]), "title": c.get("title"),
            **{k: [lab(x) for x in c.get(k) or []] for k in ("participants", "parties", "signatories")},
            "evidence": c["evidence"]}


def evaluate(gold_path: str | Path, texts: str | Path, model: str | None = None) -> dict:
    from .api import KnowledgeGraph

    gold = load_gold(gold_path)
    if not Path(texts).is_dir():
        raise SfkgError(f"{texts}: not a folder of texts")
    kg = KnowledgeGraph("memory:", model=model)
    kg.ingest(gold_files(gold, Path(texts)))
    return score(kg, gold)


def gold_files(gold: dict, texts: Path) -> list[Path]:
    """The texts that the gold annotates (a split's gold names some of a folder's texts): the
    others are not ingested, so they cannot merge entities into the scored ones. A text the
    gold names but the folder lacks is an error."""
    names = list((gold.get("documents") or {}).keys())
    missing = [n for n in names if not (texts / n).is_file()]
    if missing:
        raise SfkgError(f"{texts}: the gold annotates {len(missing)} text(s) not in this folder "
                        f"(first: {missing[0]})")
    return [texts / n for n in names]
