"""A SPARQL 1.1 endpoint as the store: Query and Update over HTTP, and the Graph Store Protocol
to read the default graph. Works with Oxigraph's server, Fuseki, GraphDB or Virtuoso.

``--store http://host:port`` means the Oxigraph layout (``/query``, ``/update``, ``/store``);
a URL ending in ``/query`` or ``/sparql`` is the query endpoint itself, with ``/update`` and
``/store`` (or ``/data``) beside it. ``SFKG_SPARQL_UPDATE`` and ``SFKG_SPARQL_STORE`` name the
update and graph-store endpoints when a server lays them out otherwise.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox

from .errors import SfkgError
from .store import to_python

TIMEOUT = float(os.environ.get("SFKG_SPARQL_TIMEOUT", "60"))


def _term(b: dict):
    """A SPARQL JSON results binding as a pyoxigraph term."""
    kind = b["type"]
    if kind == "uri":
        return ox.NamedNode(b["value"])
    if kind == "bnode":
        return ox.BlankNode(b["value"])
    if "xml:lang" in b:
        return ox.Literal(b["value"], language=b["xml:lang"])
    if "datatype" in b:
        return ox.Literal(b["value"], datatype=ox.NamedNode(b["datatype"]))
    return ox.Literal(b["value"])


class SparqlStore:
    def __init__(self, url: str):
        self.location = url
        base = url.rstrip("/")
        m = re.search(r"/(query|sparql)$", base)
        root = base[: m.start()] if m else base
        self.query_url = base if m else root + "/query"
        self.update_url = os.environ.get("SFKG_SPARQL_UPDATE") or root + "/update"
        self.store_url = os.environ.get("SFKG_SPARQL_STORE") or root + "/store"
        self.select("ASK { }")  # fail early, in one line, when nothing answers

    # ---------------------------------------------------------------- HTTP

    def _request(self, url: str, data: bytes | None, content_type: str | None, accept: str):
        headers = {"Accept": accept}
        if content_type:
            headers["Content-Type"] = content_type
        req = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
                return resp.headers.get("Content-Type", ""), resp.read()
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip().splitlines()
            detail = body[0][:300] if body else exc.reason
            if exc.code == 400:
                raise SyntaxError(detail) from None
            raise SfkgError(f"store {self.location}: HTTP {exc.code} from {url}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SfkgError(f"store {self.location}: cannot reach the SPARQL endpoint ({reason})") from None

    def _query(self, text: str, accept: str):
        return self._request(self.query_url, text.encode("utf-8"), "application/sparql-query", accept)

    def _update(self, text: str) -> None:
        self._request(self.update_url, text.encode("utf-8"), "application/sparql-update", "*/*")

    # ---------------------------------------------------------------- the store interface

    def add_quads(self, nquads: str) -> None:
        """Add quads in one SPARQL Update request (one transaction on the server)."""
        default, graphs = [], {}
        for line in nquads.splitlines():
            line = line.strip()
            if not line:
                continue
            quad = next(iter(ox.parse(input=line.encode("utf-8"), format=ox.RdfFormat.N_QUADS)))
            triple = f"{quad.subject} {quad.predicate} {quad.object} ."
            if isinstance(quad.graph_name, ox.DefaultGraph):
                default.append(triple)
            else:
                graphs.setdefault(str(quad.graph_name), []).append(triple)
        body = "\n".join(default) + "".join(
            f"\nGRAPH {g} {{\n" + "\n".join(ts) + "\n}" for g, ts in graphs.items())
        self._update(f"INSERT DATA {{\n{body}\n}}")

    def replace_graph(self, graph: str, ntriples: str) -> None:
        self._update(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{ntriples}\n}} }}")

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def _json(self, ctype: str, body: bytes) -> dict:
        """A SPARQL JSON results document, or the one-line error of a server that is not a
        SPARQL endpoint (a web page, a proxy's login form...)."""
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict) or not ("boolean" in data or "results" in data):
            kind = (ctype or "an unknown type").split(";")[0].strip()
            raise SfkgError(f"store {self.location}: not a SPARQL endpoint ({self.query_url} "
                            f"answered {kind}, not SPARQL results)")
        return data

    def select(self, query: str) -> list[dict]:
        ctype, body = self._query(query, "application/sparql-results+json")
        data = self._json(ctype, body)
        if "boolean" in data:
            return [{"boolean": data["boolean"]}]
        names = data["head"]["vars"]
        return [{n: to_python(_term(b[n])) if n in b else None for n in names}
                for b in data["results"]["bindings"]]

    def sparql(self, text: str, named_graphs: list[str] | None = None):
        """Any query, read-only: (variables, rows) for SELECT, bool for ASK, N-Triples otherwise.
        ``named_graphs`` restricts the graphs ``GRAPH`` sees, by the protocol's
        ``named-graph-uri`` parameters (sent in a form body: there may be thousands)."""
        from .store import service_error

        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        try:
            if named_graphs is None:
                ctype, body = self._query(text, accept)
            else:  # (only for queries that read no default graph: see views.reads_default_graph)
                form = urllib.parse.urlencode([("query", text)] + [("named-graph-uri", g) for g in named_graphs])
                ctype, body = self._request(self.query_url, form.encode("utf-8"),
                                            "application/x-www-form-urlencoded", accept)
        except SyntaxError as exc:
            raise SfkgError(f"SPARQL syntax error: {' '.join(str(exc).split())}") from None
        except SfkgError as exc:
            raise service_error(text, exc) or exc from None
        if "n-triples" in ctype or "turtle" in ctype:
            return body.decode("utf-8")
        data = self._json(ctype, body)
        if "boolean" in data:
            return bool(data["boolean"])
        names = data["head"]["vars"]
        return names, [{n: b[n]["value"] if n in b else None for n in names}
                       for b in data["results"]["bindings"]]

    def quads(self):
        """Every quad as N-Triples term strings: named graphs by SPARQL, the default graph by
        the Graph Store Protocol (a server may answer its default graph with the union)."""
        ctype, body = self._query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                  "application/sparql-results+json")
        for b in self._json(ctype, body)["results"]["bindings"]:
            yield str(_term(b["s"])), str(_term(b["p"])), str(_term(b["o"])), str(_term(b["g"]))
        _, body = self._request(self.store_url + "?default", None, None, "application/n-triples")
        for t in ox.parse(input=body, format=ox.RdfFormat.N_TRIPLES):
            yield str(t.subject), str(t.predicate), str(t.object), ""

    def named_graphs(self) -> list[str]:
        return sorted(r["g"] for r in self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))

    def graph_ntriples(self, graph: str | None) -> str:
        """One graph's triples as N-Triples (``None``: the default graph, by the Graph Store
        Protocol; a named graph by SPARQL)."""
        if graph is None:
            _, body = self._request(self.store_url + "?default", None, None, "application/n-triples")
            return body.decode("utf-8")
        ctype, body = self._query(f"SELECT ?s ?p ?o WHERE {{ GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }} }}",
                                  "application/sparql-results+json")
        return "".join(f"{_term(b['s'])} {_term(b['p'])} {_term(b['o'])} .\n"
                       for b in self._json(ctype, body)["results"]["bindings"])

    def dump_nquads(self) -> str:
        return "".join(sorted(f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n"
                              for s, p, o, g in self.quads()))

    def __len__(self) -> int:
        return sum(1 for _ in self.quads())

    # ---------------------------------------------------------------- bulk loading (Graph Store Protocol)

    def bulk_add(self, nquads: str) -> None:
        """Add quads fast: each named graph PUT to the Graph Store Protocol endpoint
        (``{store_url}?graph=IRI``, N-Triples; Oxigraph's ``/store``, or ``SFKG_SPARQL_STORE``),
        default-graph quads by SPARQL Update. Not one transaction: the loader adds what makes
        a document visible (its metadata) afterwards, and PUT replaces a graph a killed load
        left behind instead of adding to it. A server without the protocol (404, 405, 415, 501)
        gets the quads by SPARQL Update from then on."""
        if getattr(self, "_gsp", True) is False:
            self.add_quads(nquads)
            return
        default, graphs = [], {}
        for quad in ox.parse(input=nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS):
            triple = f"{quad.subject} {quad.predicate} {quad.object} .\n"
            if isinstance(quad.graph_name, ox.DefaultGraph):
                default.append(str(quad) + " .\n")
            else:
                graphs.setdefault(quad.graph_name.value, []).append(triple)
        for graph, triples in graphs.items():
            if not self._gsp_put(graph, "".join(triples)):
                self.add_quads(nquads)  # no Graph Store Protocol: everything by SPARQL Update
                return
        if default:
            self.add_quads("".join(default))

    def _gsp_put(self, graph: str, ntriples: str) -> bool:
        """PUT one graph; False when the server has no Graph Store Protocol there."""
        url = self.store_url + "?graph=" + urllib.parse.quote(graph, safe="")
        req = urllib.request.Request(url, data=ntriples.encode("utf-8"), method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
                resp.read()
        except urllib.error.HTTPError as exc:
            if exc.code in (404, 405, 415, 501):
                self._gsp = False
                return False
            body = exc.read().decode("utf-8", "replace").strip().splitlines()
            raise SfkgError(f"store {self.location}: HTTP {exc.code} from {self.store_url} "
                            f"(Graph Store Protocol): {body[0][:300] if body else exc.reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SfkgError(f"store {self.location}: cannot reach the graph store ({reason})") from None
        self._gsp = True
        return True
