"""The as-of view (direct triples of what was reported on a date) built from each document
graph's part of it, so that no claim is decoded from the store when the view is asked for.

A document's part (:func:`part`, a pure function of its graph) holds the view triples that only
depend on that document (links, memberships, events), the entities its claims point to, its
dated single-valued claims, and the type and label rows of its entities. The view on a date
(:func:`assemble`, pure) is the union of the parts of the document versions reported by then and
valid at the system time asked for, the as-of answer of every single-valued subject/property
pair (the rules of :mod:`sfkg.asof`), and the type and label of every entity the claims point
to (as :class:`sfkg.entities.EntityIndex` chooses them). The parts are read from the store's
derived files (:mod:`sfkg.derived`) or computed from the graphs.
"""

from __future__ import annotations

from datetime import date, datetime

import pyoxigraph as ox
from rdflib import URIRef

from . import asof as rules
from . import derived as derived_mod
from .entities import entity_table
from .timevalue import from_edtf
from .vocab import BASE, ENTITY_TYPES, REFERENCE_GRAPH, SINGLE_VALUED

S = BASE + "ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
VIEW_PROPS = {"launch": ("launchDate", "launchStatus"),
              "sample_return": ("sampleReturnDate", "sampleReturnStatus"),
              "data_release": ("dataReleaseDate", "dataReleaseStatus")}
ROLES = ("party", "signatory", "participant")
_ENTITY_TYPES = {S + t for t in ENTITY_TYPES}
_REQUIRED = (S + "property", S + "evidence", S + "charStart", S + "charEnd")


def _iri(value: str) -> str:
    return f"<{value}>"


def _literal(value: str, datatype: str | None = None) -> str:
    return str(ox.Literal(value, datatype=ox.NamedNode(datatype) if datatype else None))


def part(quads) -> dict:
    """A document graph's part of the as-of view, from its quads (pyoxigraph): ``lines`` (view
    triples as N-Triples), ``entities`` (IRIs the claims point to), ``single`` ([subject,
    property, time, status, citing document] of dated single-valued claims) and ``labels``
    ([entity, type, label] rows of typed entities), ``names`` ([subject, label]: every
    preferred and alternative label) and ``mentions`` (the entities the document names)."""
    props: dict = {}
    names: set[tuple[str, str]] = set()
    mentions: set[str] = set()
    for q in quads:
        props.setdefault(q.subject, {}).setdefault(q.predicate.value, []).append(q.object)
        if q.predicate.value in (PREF_LABEL, ALT_LABEL) and isinstance(q.object, ox.Literal):
            names.add((str(q.subject)[1:-1], q.object.value))
        elif q.predicate.value == S + "mentions" and q.subject == q.graph_name:
            mentions.add(q.object.value)
    lines: set[str] = set()
    entities: set[str] = set()
    single: list[list] = []
    labels: set[tuple[str, str, str]] = set()
    for node, values in props.items():
        types = {t.value for t in values.get(RDF_TYPE, ()) if isinstance(t, ox.NamedNode)}
        for t in types & _ENTITY_TYPES:
            for label in values.get(PREF_LABEL, ()):
                if isinstance(label, ox.Literal):
                    labels.add((node.value, t[len(S):], label.value))
        if S + "Claim" not in types or not all(values.get(k) for k in _REQUIRED):
            continue
        def one(key: str, values: dict = values):
            return values[S + key][0] if values.get(S + key) else None

        p = one("property").value.rsplit("#", 1)[-1]
        s, o, org, place = one("subject"), one("object"), one("organization"), one("place")
        time, status, title, post = one("time"), one("status"), one("title"), one("postTitle")
        members = {role: sorted({str(x) for x in values.get(S + role, ())}) for role in ROLES}
        cite = _iri(node.value.rsplit("/claim/", 1)[0])
        event = p in ("agreement", "meeting")
        for ref in ([] if event else [s]) + [o, org, place]:
            if ref is not None:
                entities.add(ref.value)
        for role in ROLES:
            entities.update(x[1:-1] for x in members[role])
        if s is None:
            continue
        status_iri = _iri(S + status.value.rsplit("#", 1)[-1].lower().capitalize()) if status else None
        if p in SINGLE_VALUED:
            if time is not None and time.value:
                single.append([s.value, p, time.value,
                               status.value.rsplit("#", 1)[-1].lower() if status else None, cite])
        elif p in ("carries", "built_by"):
            if o is not None:
                lines.add(f"{s} <{S}{'carries' if p == 'carries' else 'builtBy'}> {o} .\n")
        elif p == "post":
            m = str(node)
            lines.add(f"{s} <{S}holdsPost> {m} .\n")
            lines.add(f"{m} <{RDF_TYPE}> <{ORG}Membership> .\n")
            lines.add(f"{m} <{S}citedBy> {cite} .\n")
            if org is not None:
                lines.add(f"{m} <{ORG}organization> {org} .\n")
            if post is not None and post.value:
                lines.add(f"{m} <{S}postTitle> {_literal(post.value)} .\n")
        elif event:
            lines.add(f"{s} <{RDF_TYPE}> <{S}{p.capitalize()}> .\n")
            lines.add(f"{s} <{S}citedBy> {cite} .\n")
            if title is not None and title.value:
                lines.add(f"{s} <{PREF_LABEL}> {_literal(title.value)} .\n")
            if time is not None and time.value:
                lines.add(f"{s} <{S}date> {_literal(time.value, S + 'edtf')} .\n")
            if status_iri:
                lines.add(f"{s} <{S}status> {status_iri} .\n")
            for role in ROLES:
                for x in members[role]:
                    lines.add(f"{s} <{S}{role}> {x} .\n")
            if place is not None:
                lines.add(f"{s} <{S}place> {place} .\n")
    return {"lines": sorted(lines), "entities": sorted(entities), "single": sorted(single, key=str),
            "labels": [list(x) for x in sorted(labels)], "names": [list(x) for x in sorted(names)],
            "mentions": sorted(mentions)}


def assemble(on: date, documents: list[dict], parts: dict[str, dict],
             table: dict[str, tuple[str, str]], ordered: bool = True) -> list[str]:
    """The view on ``on`` as sorted N-Triples lines, from the documents reported by then and
    valid ({doc, file, published}), their parts (by document IRI) and the entity table."""
    lines = {f"<{BASE}view/{on.isoformat()}> <{S}reportedOn> {_literal(on.isoformat(), XSD_DATE)} .\n"}
    entities: set[str] = set()
    groups: dict[tuple[str, str], list[rules.Reported]] = {}
    cited: dict[tuple[str, str], dict[str, str]] = {}
    for d in documents:
        p = parts[d["doc"]]
        lines.update(p["lines"])
        entities.update(p["entities"])
        published = d["published"] if isinstance(d["published"], date) else date.fromisoformat(d["published"])
        for s, prop, time, status, cite in p["single"]:
            cited.setdefault((s, prop), {})[d["file"]] = cite
            if status is None:
                continue
            tv = from_edtf(time)
            if tv is not None:
                groups.setdefault((s, prop), []).append(rules.Reported(d["file"], published, tv, status))
    order = lambda r: (r.document, r.published, r.time.edtf, r.status)
    for (s, prop), reported in groups.items():
        a = rules.answer(sorted(reported, key=order), on)
        if a is None:
            continue
        date_p, status_p = VIEW_PROPS[prop]
        value = _literal(a.time.edtf, S + "edtf")
        lines.add(f"<{s}> <{S}{date_p}> {value} .\n")
        if a.status:
            lines.add(f"<{s}> <{S}{status_p}> <{S}{a.status.capitalize()}> .\n")
        stmt = f"<{s}/asof/{prop}>"
        lines.add(f"{stmt} <{S}subject> <{s}> .\n")
        lines.add(f"{stmt} <{S}property> <{S}{prop}> .\n")
        lines.add(f"{stmt} <{S}time> {value} .\n")
        for src in a.sources:
            lines.add(f"{stmt} <{S}citedBy> {cited[(s, prop)][src]} .\n")
    for iri in entities:
        known = table.get(iri)
        if known and known[0]:
            lines.add(f"<{iri}> <{RDF_TYPE}> <{S}{known[0]}> .\n")
            lines.add(f"<{iri}> <{PREF_LABEL}> {_literal(known[1])} .\n")
    return sorted(lines) if ordered else list(lines)


# ---------------------------------------------------------------- reading the parts of a store


def graph_part(store, graph: str) -> dict:
    """A document graph's part of the view (``lines``, ``entities``, ``single``): its derived
    file, or computed from the store (and derived)."""
    d = derived_mod.of(store)
    if d is not None and (found := d.view_part(graph)) is not None:
        return found
    return _computed(store, graph, d)


def graph_names(store, graph: str) -> dict:
    """A document graph's entity rows (``labels``, ``names``, ``mentions``), likewise."""
    d = derived_mod.of(store)
    if d is not None and (found := d.names_part(graph)) is not None:
        return found
    return _computed(store, graph, d)


def _computed(store, graph: str, d) -> dict:
    quads = derived_mod.stored_quads(store, graph)
    return d.put(graph, quads) if d is not None else part(quads)


def store_entity_data(store) -> dict:
    """The entity rows of the whole store: ``rows`` ([entity, type, label] of typed entities) and
    ``names`` ([subject, label]) of every document graph and the reference graph, ``mentions``
    (document graph -> entities it names). Kept in the derived ``entities.json`` with the graphs
    it was read from, and extended with the graphs added since."""
    d = derived_mod.of(store)
    graphs = [g for g in store.named_graphs() if g != str(REFERENCE_GRAPH)]
    cached = d.entity_rows() if d is not None else None
    if cached and ("names" not in cached or not set(cached["mentions"]) <= set(graphs)):
        cached = None  # an older layout, or graphs gone (not sfkg's doing): read them again
    rows = {tuple(r) for r in cached["rows"]} if cached else set()
    names = {tuple(r) for r in cached["names"]} if cached else set()
    mentions: dict[str, list[str]] = dict(cached["mentions"]) if cached else {}
    new = [g for g in graphs if g not in mentions]
    for g in new:
        p = graph_names(store, g)
        rows.update(tuple(r) for r in p["labels"])
        names.update(tuple(r) for r in p["names"])
        mentions[g] = p["mentions"]
    if d is not None and new:
        d.put_entity_rows({"rows": sorted(rows), "names": sorted(names), "mentions": mentions})
    reference = part(derived_mod.stored_quads(store, str(REFERENCE_GRAPH)))
    return {"rows": rows | {tuple(r) for r in reference["labels"]},
            "names": names | {tuple(r) for r in reference["names"]}, "mentions": mentions}


def store_entity_table(store) -> dict[str, tuple[str, str]]:
    """entity -> (type, label) over the whole store (see :func:`entity_table`)."""
    return entity_table(store_entity_data(store)["rows"])


def documents_at(store, on: date | None = None, known_at: datetime | None = None) -> list[dict]:
    """The document versions reported by ``on`` (None: any date) and valid at ``known_at``
    (None: now), as {doc, file, published}, in IRI order: four one-pattern scans of the
    metadata, joined here."""
    from . import query

    facts: dict[str, dict] = {}
    for key, pred in (("generated", PROV + "generatedAtTime"), ("published", DCT + "issued"),
                      ("file", S + "fileName"), ("invalidated", PROV + "invalidatedAtTime")):
        for r in query.run(store, "document_facts", p=URIRef(pred)):
            f = facts.setdefault(r["doc"], {})
            f[key] = min(f[key], r["o"]) if key in f else r["o"]
    limit = query.datetime_literal(known_at)
    limit = datetime.fromisoformat(str(limit)) if limit is not None else None
    out = []
    for doc, f in sorted(facts.items()):
        if not {"generated", "published", "file"} <= f.keys():
            continue
        if limit is not None and f["generated"] > limit:
            continue
        if f.get("invalidated") is not None and (limit is None or f["invalidated"] <= limit):
            continue
        if on is not None and f["published"] > on:
            continue
        out.append({"doc": doc, "file": f["file"], "published": f["published"]})
    return out


def view_lines(kg, on: date, known_at: datetime | None = None, ordered: bool = True) -> list[str]:
    """What was reported on ``on`` (as known at ``known_at``) as N-Triples lines, sorted unless
    ``ordered`` is False (a view loaded into a store for a query needs no order)."""
    docs = documents_at(kg.store, on, known_at)
    parts = {d["doc"]: graph_part(kg.store, d["doc"]) for d in docs}
    return assemble(on, docs, parts, store_entity_table(kg.store), ordered)
