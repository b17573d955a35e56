"""From ``doc.ents`` to resolved mentions: each name in the body lands on one entity.

- Reference spans carry their entity's IRI (``ent_id``).
- A name the reference knows under another spelling is looked up by its folded form.
- Within a document, a surname ("Bianchi" for "Marco Bianchi") is the person named in full elsewhere in it,
  and an abbreviation defined in the text is its long form (shared ``ent_id``).
- A new entity's IRI is ``sfr:{type}/{slug of its longest name}``: the same name in two
  documents is one entity.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .. import patterns, reference
from ..model import Entity, Mention
from ..textnorm import fold, slug
from ..vocab import SFR

MODEL_TYPES = {
    "PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place",
    "PRODUCT": "Mission",
}
SFKG_TYPES = {"Agency", "Organization", "Person", "Mission", "Instrument", "Program", "Place"}
_LEAD = re.compile(r"^(the|a|an)\s+", re.I)
GENERIC = {w.lower() for w in patterns.load("entities")["organization_heads"]}


def clean_label(text: str) -> str:
    text = " ".join(text.split())
    text = _LEAD.sub("", text)
    return re.sub(r"('s|')$", "", text).strip(" ,.;:")


def _keep(text: str, etype: str, span=None) -> bool:
    """Whether a name the reference does not know is worth keeping (see the rules inline)."""
    if len(text) < 3 or not re.search(r"[A-Za-z\u00c0-\u024f\u4e00-\u9fff]", text):
        return False
    last = text.split()[-1]
    if not (last[0].isupper() or last[0].isdigit()):
        return False  # "Administrator of", "Republic to": a name ends on a name word
    if etype in ("Organization", "Place") and (
        text.lower() in GENERIC or any(c.isdigit() for c in text)
    ):
        return False  # "Centre", "COVID-19"
    if span is not None and etype in ("Place", "Organization") and len(span) == 1 and \
            span[0].pos_ in ("VERB", "AUX", "ADJ"):
        return False  # "Edited" read as a place
    if etype in ("Person", "Organization", "Mission") and not text[0].isupper():
        return False
    if etype == "Person" and len(text.split()) == 1 and text.isupper():
        return False  # an acronym read as a person
    if etype == "Mission" and not (any(c.isdigit() for c in text) or sum(c.isupper() for c in text) >= 2):
        return False
    return True


def resolve(doc: Doc, text: str, skip: list[tuple[int, int]] = ()) -> tuple[list[Mention], dict[str, Entity]]:
    """Mentions (in text order) and the entities they name. ``text`` is the document text
    (labels are taken from it, not from the model's recased copy)."""
    ref_index = reference.index()
    ref_iris = reference.by_iri()
    sent_of = {}
    for i, s in enumerate(doc.sents):
        for t in s:
            sent_of[t.i] = i
    raw = []
    for span in doc.ents:
        etype = span.label_ if span.label_ in SFKG_TYPES else MODEL_TYPES.get(span.label_)
        if etype is None:
            continue
        label = clean_label(text[span.start_char:span.end_char])
        key = span.ent_id_ or ""
        if not key.startswith(str(SFR)) and not _keep(label, etype, span):
            continue
        if not key.startswith(str(SFR)):
            hit = ref_index.get(fold(label))
            if hit is not None and (hit.type == etype or etype in ("Organization", "Place", "Mission")
                                    or len(span) == 1):
                key = hit.iri  # the model's span is a known name (a one-word name of any type)
        raw.append((span, label, etype, key))
    full_names = [fold(lb).split() for _, lb, et, _ in raw if et == "Person" and " " in lb]
    raw = [(s, lb, "Person" if et in ("Place", "Organization") and not k and any(
        full[-len(fold(lb).split()):] == fold(lb).split() for full in full_names) else et, k)
        for s, lb, et, k in raw]
    # cluster what the reference does not know
    clusters: dict[str, tuple[str, str]] = {}  # key -> (type, longest label)
    persons: list[tuple[list[str], str]] = []  # (folded tokens, key)
    key_of: dict[tuple[str, str, str], str] = {}  # (type, folded label, span id) -> cluster key
    for span, label, etype, key in sorted(raw, key=lambda r: -len(r[1])):
        if key.startswith(str(SFR)):
            continue
        own = (etype, fold(label), key)
        if etype == "Person":
            toks = fold(label).split()
            for full, pkey in persons:
                if len(toks) <= len(full) and full[-len(toks):] == toks or full[:len(toks)] == toks:
                    key = pkey
                    break
            else:
                key = key or "person:" + fold(label)
                persons.append((toks, key))
        key = key or f"{etype}:{fold(label)}"
        clusters.setdefault(key, (etype, label))
        key_of[own] = key
    entities: dict[str, Entity] = {}
    mentions: list[Mention] = []
    for span, label, etype, key in raw:
        if not key.startswith(str(SFR)):
            key = key_of[(etype, fold(label), key)]
            ctype, canonical = clusters[key]
            hit = ref_index.get(fold(canonical))
            iri = hit.iri if hit is not None else str(SFR[f"{ctype.lower()}/{slug(canonical)}"])
        else:
            iri = key
        ref = ref_iris.get(iri)
        if ref is not None:
            etype = ref.type
            ent = entities.setdefault(iri, Entity(iri, ref.type, ref.label, set(ref.names), known=True))
        else:
            etype = clusters[key][0]
            ent = entities.setdefault(iri, Entity(iri, etype, clusters[key][1]))
        ent.labels.add(label)
        if any(a <= span.start_char < b for a, b in skip):
            continue
        mentions.append(Mention(span.start_char, span.end_char, label, iri, etype,
                                span.start, span.end, sent_of.get(span.start, 0)))
    return mentions, entities
