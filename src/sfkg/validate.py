"""SHACL validation with pyshacl, on plain in-memory rdflib graphs (never on the store itself).

:func:`validate_graph` returns a :class:`Report` whose ``results`` are pyshacl's ``sh:result``s
as rows (severity, focus node, path, message, shape).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pyshacl
from rdflib import RDF, Graph, Namespace

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
