"""Document -> Extraction: run the pipeline, infer a missing publication date, find the claims."""

from __future__ import annotations

import re

from datetime import date
from functools import lru_cache

from spacy.tokens import Doc

from . import __version__, patterns, reference
from .document import Document
from .errors import DocumentError
from .model import Extraction
from .nlp import pipeline
from .nlp import workers as workers_mod
from .nlp.claims import extract_claims
from .nlp.mentions import resolve
from .nlp.syntax import is_past
from .temporal import parse_time

PIPELINE_VERSION = f"sfkg-{__version__}"


def parse(documents: list[Document], model: str | None = None, workers: int = 1,
          min_docs: int | None = None, parsers: workers_mod.Parsers | None = None):
    """The pipeline and the parsed spaCy docs of the documents' bodies, in order (a large batch
    is parsed by ``workers`` processes while the caller goes on: see :mod:`sfkg.nlp.workers`;
    ``parsers``, processes started ahead, which may have been given the first texts)."""
    texts = [model_text(d) for d in documents]
    return workers_mod.parse_texts(texts, model, workers, min_docs, parsers)


def model_text(document: Document) -> str:
    """The text of the document's body that the model reads (:func:`sfkg.nlp.pipeline.model_text`)."""
    return pipeline.model_text(document.body, pipeline.known_upper(), _headline(document))


def infer_published(doc: Doc, text: str) -> date | None:
    """No dateline: the latest fully dated event that the body reports in the past tense."""
    best: date | None = None
    coarse: date | None = None
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        written = text[ent.start_char:ent.end_char]
        today = re.match(r"(?i)today,?\s+", written)
        tv = parse_time(written[today.end():] if today else written)  # no anchor: only absolute dates
        if today and tv is not None and tv.granularity == "day" and "/" not in tv.edtf:
            return tv.earliest  # "Today, Monday 21 May 2031, ...": the page's own day
        if tv is None or tv.latest is None or not is_past(ent.root):
            continue
        if tv.granularity == "day":
            best = max(best or tv.latest, tv.latest)
        else:
            coarse = max(coarse or tv.latest, tv.latest)
    return best or coarse


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """The names of countries (the demonyms' countries and their reference aliases)."""
    names = set(patterns.demonyms().values())
    out = set(names)
    for ent in reference.load():
        if ent.type == "Place" and ent.label in names:
            out.update(ent.names)
    return frozenset(out)


def publication_date(document: Document, doc: Doc) -> tuple[date, str] | None:
    """The date and basis of a document that states none: a year-less wire dateline ("PARIS,
    March 4 (AFP)") takes its year from the body's latest date; with no dateline, the latest
    fully dated event the body reports. Both are ``inferred``."""
    year_from = infer_published(doc, document.text)
    if document.dateline_partial and year_from:
        tv = parse_time(document.dateline_partial, year_from, "past")
        if tv is not None and tv.granularity == "day":
            return tv.earliest, "inferred"
    return (year_from, "inferred") if year_from else None


def extract(document: Document, doc: Doc, model_version: str) -> Extraction:
    text = document.text
    if document.published is None:
        found = publication_date(document, doc)
        if found is None:
            why = document.undated or "no date line"
            raise DocumentError(document.path, f"no publication date: {why}, no sidecar "
                                               "and no dated event in the text; pass --published "
                                               "or write NAME.meta.yaml with published: YYYY-MM-DD")
        document.published, document.published_basis = found
    skip = _title_range(document)
    mentions, entities = resolve(doc, text)
    claims = extract_claims(doc, text, mentions, document.published, countries(), skip)
    return Extraction(document, entities, claims, model_version, PIPELINE_VERSION)


def _headline(document: Document) -> tuple[int, int] | None:
    r = _title_range(document)
    return r[0] if r else None


def _title_range(document: Document) -> list[tuple[int, int]]:
    """The headline repeats the body: claims are not taken from it (its names still count)."""
    if not document.title:
        return []
    i = document.text.find(document.title)
    return [(i, i + len(document.title))] if i >= 0 else []

