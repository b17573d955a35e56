"""SHACL validation with pyshacl, on plain in-memory rdflib graphs (never on the store itself).

:func:`validate_graph` returns a :class:`Report` whose ``results`` are pyshacl's ``sh:result``s
as rows (severity, focus node, path, message, shape). :func:`check_sparql` evaluates the
SPARQL-based constraints (``*.sparql.ttl``) once per graph instead of once per focus node.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import re

import pyshacl
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.plugins.sparql import prepareQuery

from . import paths
from .errors import SfkgError

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass
class Report:
    conforms: bool
    results: list[dict] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"{r['focus']}: {r['message']}" + (f" ({r['path']})" if r["path"] else "")
                for r in self.results]


@lru_cache(maxsize=2)
def shapes(sparql: bool = False) -> Graph:
    """The shapes: SHACL core (``*.ttl``), and with ``sparql`` the SPARQL-based constraints
    (``*.sparql.ttl``) too, which are slow in pySHACL and run by ``sfkg validate``."""
    g = Graph()
    for path in sorted(paths.shapes_dir().glob("*.ttl")):
        if sparql or not path.name.endswith(".sparql.ttl"):
            g.parse(path, format="turtle")
    return g


def validate_graph(data: Graph, sparql: bool = False) -> Report:
    conforms, results_graph, _ = pyshacl.validate(
        data, shacl_graph=shapes(sparql), inference="none", advanced=True, allow_warnings=True,
        inplace=True,
    )
    if not isinstance(results_graph, Graph):  # pyshacl could not run the shapes
        raise SfkgError(f"SHACL validation could not run: {results_graph}")
    rows = []
    for r in results_graph.subjects(RDF.type, SH.ValidationResult):
        def one(p):
            v = results_graph.value(r, p)
            return str(v) if v is not None else ""
        rows.append({
            "severity": one(SH.resultSeverity).rsplit("#", 1)[-1],
            "focus": one(SH.focusNode), "path": one(SH.resultPath),
            "message": one(SH.resultMessage), "shape": one(SH.sourceShape),
            "value": one(SH.value),
        })
    rows.sort(key=lambda r: (r["focus"], r["path"], r["message"]))
    return Report(bool(conforms), rows)


@lru_cache(maxsize=1)
def sparql_constraints() -> tuple[tuple[str, str, object], ...]:
    """(shape, message, prepared query) for each SPARQL-based constraint: its ``sh:select`` with ``$this``
    free and joined first to the shape's target class (SHACL pre-binds ``$this`` to each focus
    node in turn; for these queries, which use ``$this`` only in basic patterns and OPTIONAL
    groups, joining the targets first gives the same rows in one evaluation)."""
    g = Graph()
    for path in sorted(paths.shapes_dir().glob("*.sparql.ttl")):
        g.parse(path, format="turtle")
    out = []
    for shape in sorted(set(g.subjects(SH.sparql, None))):
        targets = sorted(g.objects(shape, SH.targetClass))
        if not targets:
            raise SfkgError(f"shape {shape}: a SPARQL-based constraint needs sh:targetClass here")
        for c in sorted(g.objects(shape, SH.sparql)):
            select = re.sub(r"\$this\b", "?this", str(g.value(c, SH.select)))
            m = re.search(r"\bWHERE\s*\{", select, re.I)
            if m is None:
                raise SfkgError(f"shape {shape}: sh:select has no WHERE clause")
            target = " UNION ".join(f"{{ ?this a/<{RDFS.subClassOf}>* {t.n3()} }}" for t in targets)
            query = select[:m.end()] + f"\n {target}\n" + select[m.end():]
            out.append((str(shape), str(g.value(c, SH.message) or ""), prepareQuery(query)))
    return tuple(out)


def check_sparql(data: Graph) -> list[dict]:
    """The results of the SPARQL-based constraints on ``data``, as :func:`validate_graph` rows."""
    rows = []
    for shape, message, query in sparql_constraints():
        for r in data.query(query):
            value = r.asdict().get("value")
            rows.append({"severity": "Violation", "focus": str(r["this"]), "path": "",
                         "message": message, "shape": shape,
                         "value": "" if value is None else str(value)})
    return rows
