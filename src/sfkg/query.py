"""SPARQL queries kept in ``queries/*.rq``, loaded once, with values bound as RDF terms.

:func:`bind` puts ``VALUES`` of serialised terms (``term.n3()``) at the start of the query's
WHERE clause; nothing is ever pasted into the query text as a string.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from functools import lru_cache

from rdflib import XSD, Literal
from rdflib.term import Node

from . import paths


@lru_cache(maxsize=None)
def load(name: str) -> str:
    return (paths.queries_dir() / f"{name}.rq").read_text(encoding="utf-8")


def bind(query: str, bindings: dict[str, Node | list[Node] | None]) -> str:
    """The query with each bound variable fixed by VALUES at the start of its WHERE clause: the
    single terms in one row (``VALUES (?a ?b) { (x y) }``), each list in a block of its own;
    unbound variables are left free. (One row of all the fixed terms lets Oxigraph start from
    the most selective pattern; separate one-value blocks made it start from the first one.)"""
    single = {k: v for k, v in sorted(bindings.items()) if v is not None and not isinstance(v, (list, tuple))}
    lists = {k: v for k, v in sorted(bindings.items()) if isinstance(v, (list, tuple))}
    values = ""
    if single:
        values += (f"\n  VALUES ({' '.join('?' + k for k in single)}) "
                   f"{{ ({' '.join(t.n3() for t in single.values())}) }}")
    values += "".join(f"\n  VALUES ?{k} {{ {' '.join(t.n3() for t in v)} }}" for k, v in lists.items())
    if not values:
        return query
    m = re.search(r"\bWHERE\s*\{", query, re.I)
    if m is None:
        raise ValueError("query has no WHERE clause to bind values in")
    return query[:m.end()] + values + query[m.end():]


def run(store, name: str, **bindings: Node | None) -> list[dict]:
    return store.select(bind(load(name), bindings))


def datetime_literal(value: datetime | None) -> Literal | None:
    """A system-time bound as an xsd:dateTime literal in UTC (a naive value is taken as UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    text = value.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return Literal(text, datatype=XSD.dateTime)
