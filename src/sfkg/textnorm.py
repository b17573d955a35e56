"""Text normalisation that keeps offsets, and the folding used to compare names.

``normalize`` replaces characters one for one (non-breaking and other odd spaces, typographic
quotes and dashes), so an offset in the normalised text is the same offset in the original.
``fold`` is the key under which two spellings of a name are the same name: Unicode NFKC, quotes,
dashes, spacing and case folded (``Tianwen‑3`` = ``tianwen 3``, ``Jade’s`` = ``jade's``).
"""

from __future__ import annotations

import re
import unicodedata

_ONE_FOR_ONE = {
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u2002": " ",
    "\u2003": " ", "\u3000": " ", "\t": " ",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "\u02bc": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\ufeff": " ", "\u200b": " ", "\r": "\n", "\uff5c": "|",
}
_TABLE = str.maketrans(_ONE_FOR_ONE)


def normalize(text: str) -> str:
    """Replace odd spaces, quotes and dashes one for one; the length never changes."""
    return text.translate(_TABLE)


_LEADING_ARTICLE = re.compile(r"^(the|l'|le|la|les)\s+", re.I)
_POSSESSIVE_END = re.compile(r"'s?$")


def fold(label: str) -> str:
    """The comparison key of a name: NFKC, quotes, dashes, white space and case folded."""
    s = unicodedata.normalize("NFKC", label).translate(_TABLE)
    s = s.replace("-", " ").replace("_", " ")
    s = re.sub(r"\s+", " ", s).strip().casefold()
    s = _LEADING_ARTICLE.sub("", s)
    s = _POSSESSIVE_END.sub("", s).strip(" .,;:")
    return s


def slug(label: str) -> str:
    """An IRI-safe, stable slug of a name (ASCII, lower case, dashes)."""
    s = unicodedata.normalize("NFKD", fold(label))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "x"
