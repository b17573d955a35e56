"""SPARQL queries kept in ``queries/*.rq``, loaded once, with values bound as RDF terms.

:func:`bind` puts a ``VALUES`` block of serialised terms (``term.n3()``) at the start of the
query's WHERE clause; nothing is ever pasted into the query text as a string.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rdflib.term import Node

from . import paths


@lru_cache(maxsize=None)
def load(name: str) -> str:
    return (paths.queries_dir() / f"{name}.rq").read_text(encoding="utf-8")


def bind(query: str, bindings: dict[str, Node | list[Node] | None]) -> str:
    """The query with each bound variable fixed by a VALUES block (a list gives several values;
    unbound variables are left free)."""
    def terms(value) -> str:
        return " ".join(t.n3() for t in (value if isinstance(value, (list, tuple)) else [value]))

    values = "".join(f"\n  VALUES ?{name} {{ {terms(term)} }}"
                     for name, term in sorted(bindings.items()) if term is not None)
    if not values:
        return query
    m = re.search(r"\bWHERE\s*\{", query, re.I)
    if m is None:
        raise ValueError("query has no WHERE clause to bind values in")
    return query[:m.end()] + values + query[m.end():]


def run(store, name: str, **bindings: Node | None) -> list[dict]:
    return store.select(bind(load(name), bindings))
