"""Extraction -> RDF: one named graph per document (its claims, events and the names it uses),
the document's metadata in the default graph, the reference entities in their own graph.

IRIs are deterministic: a document version is ``sfd:{file stem}-{identity hash}/{sha256[:12]}-{extractor}``
(the graph's name too; ``-2``, ``-3``... when the same content becomes current again), its claims
``…/claim/{n}``, its agreements and meetings ``…/event/{n}``.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, SKOS

from . import reference
from .model import Extraction
from .textnorm import slug
from .vocab import REFERENCE_GRAPH, SFD, SFKG, SFR

GRANULARITY = {"day": SFKG.Day, "month": SFKG.Month, "season": SFKG.Season, "year": SFKG.Year,
               "decade": SFKG.Decade}
STATUS = {"planned": SFKG.Planned, "actual": SFKG.Actual}
WIKIDATA = "http://www.wikidata.org/entity/"


def document_iri(name: str, sha256: str, extractor: str = "", identity: str | None = None,
                 adoption: int = 1) -> URIRef:
    """``sfd:{file stem}-{sha256(identity)[:8]}/{sha256[:12]}-{extractor[:6]}``: the same file
    (identity: its sidecar url or its path, see :func:`sfkg.paths.identity`) read by the same
    extractor (pipeline and model versions) is the same document version, and graph. Content
    that becomes current again after another version (an edit undone) is a new version, with
    its own graph and system time: ``-{adoption}`` (2, 3, ...) ends its IRI."""
    stem = re.sub(r"\.[A-Za-z]+$", "", name)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem)
    who = hashlib.sha256((identity or name).encode("utf-8")).hexdigest()[:8]
    tag = hashlib.sha256(extractor.encode("utf-8")).hexdigest()[:6]
    return SFD[f"{stem}-{who}/{sha256[:12]}-{tag}" + (f"-{adoption}" if adoption > 1 else "")]


def extractor_id(pipeline_version: str, model: str) -> str:
    return f"{pipeline_version}/{model}"


def role_iri(title: str) -> URIRef:
    return SFR[f"role/{slug(title)}"]


def document_quads(ex: Extraction, generated_at: datetime | None = None,
                   identity: str | None = None, adoption: int = 1) -> tuple[Graph, Graph]:
    """(the document's named graph, its metadata triples for the default graph)."""
    d = ex.document
    identity = identity or d.name
    doc = document_iri(d.name, d.sha256, extractor_id(ex.pipeline_version, ex.model), identity,
                       adoption)
    g = Graph(identifier=doc)
    meta = Graph()
    generated_at = generated_at or datetime.now(timezone.utc).replace(microsecond=0)
    meta.add((doc, RDF.type, SFKG.Document))
    meta.add((doc, RDF.type, PROV.Entity))
    meta.add((doc, SFKG.fileName, Literal(d.name)))
    meta.add((doc, DCTERMS.identifier, Literal(identity)))
    if d.title:
        meta.add((doc, DCTERMS.title, Literal(d.title)))
    meta.add((doc, DCTERMS.issued, Literal(d.published.isoformat(), datatype=XSD.date)))
    meta.add((doc, SFKG.issuedBasis, Literal(d.published_basis)))
    meta.add((doc, SFKG.sha256, Literal(d.sha256)))
    meta.add((doc, PROV.generatedAtTime, Literal(generated_at.isoformat().replace("+00:00", "Z"),
                                                 datatype=XSD.dateTime)))
    meta.add((doc, SFKG.pipelineVersion, Literal(ex.pipeline_version)))
    meta.add((doc, SFKG.modelName, Literal(ex.model)))
    for key, pred in (("publisher", SFKG.publisher), ("url", DCTERMS.source),
                      ("language", DCTERMS.language)):
        if getattr(d, key):
            meta.add((doc, pred, Literal(getattr(d, key))))
    for iri, ent in sorted(ex.entities.items()):
        e = URIRef(iri)
        g.add((doc, SFKG.mentions, e))
        for label in sorted(ent.labels):
            g.add((e, SKOS.altLabel, Literal(label)))
        if not ent.known:
            g.add((e, RDF.type, SFKG[ent.type]))
            g.add((e, SKOS.prefLabel, Literal(ent.label)))
    events = 0
    for n, c in enumerate(ex.claims, start=1):
        claim = URIRef(f"{doc}/claim/{n:03d}")
        g.add((claim, RDF.type, SFKG.Claim))
        g.add((claim, SFKG.property, SFKG[c.property]))
        g.add((claim, PROV.wasDerivedFrom, doc))
        g.add((claim, SFKG.reportedOn, Literal(d.published.isoformat(), datatype=XSD.date)))
        g.add((claim, SFKG.evidence, Literal(c.evidence)))
        g.add((claim, SFKG.charStart, Literal(c.char_start)))
        g.add((claim, SFKG.charEnd, Literal(c.char_end)))
        subject = c.subject
        if c.property in ("agreement", "meeting"):
            events += 1
            subject = f"{doc}/event/{events:03d}"
            ev = URIRef(subject)
            g.add((ev, RDF.type, SFKG.Agreement if c.property == "agreement" else SFKG.Meeting))
            if c.title:
                g.add((ev, SKOS.prefLabel, Literal(c.title)))
        if subject:
            g.add((claim, SFKG.subject, URIRef(subject)))
        if c.object:
            g.add((claim, SFKG.object, URIRef(c.object)))
        if c.status:
            g.add((claim, SFKG.status, STATUS[c.status]))
        if c.time is not None:
            g.add((claim, SFKG.time, Literal(c.time.edtf, datatype=SFKG.edtf)))
            g.add((claim, SFKG.granularity, GRANULARITY[c.time.granularity]))
            if c.time.earliest:
                g.add((claim, SFKG.earliest, Literal(c.time.earliest.isoformat(), datatype=XSD.date)))
            if c.time.latest:
                g.add((claim, SFKG.latest, Literal(c.time.latest.isoformat(), datatype=XSD.date)))
        if c.property == "post":
            g.add((claim, RDF.type, ORG.Membership))
            g.add((claim, ORG.member, URIRef(c.subject)))
            if c.org:
                g.add((claim, ORG.organization, URIRef(c.org)))
                g.add((claim, SFKG.organization, URIRef(c.org)))
            if c.post:
                role = role_iri(c.post)
                g.add((claim, ORG.role, role))
                g.add((claim, SFKG.postTitle, Literal(c.post)))
                g.add((role, RDF.type, ORG.Role))
                g.add((role, SKOS.prefLabel, Literal(c.post)))
        for pred, values in ((SFKG.party, c.parties), (SFKG.signatory, c.signatories),
                             (SFKG.participant, c.participants)):
            for v in values:
                g.add((claim, pred, URIRef(v)))
        if c.place:
            g.add((claim, SFKG.place, URIRef(c.place)))
        if c.title:
            g.add((claim, SFKG.title, Literal(c.title)))
    return g, meta


def reference_graph() -> Graph:
    g = Graph(identifier=REFERENCE_GRAPH)
    for ent in reference.load():
        e = URIRef(ent.iri)
        g.add((e, RDF.type, SFKG[ent.type]))
        g.add((e, SKOS.prefLabel, Literal(ent.label)))
        for name in ent.names:
            if name != ent.label:
                g.add((e, SKOS.altLabel, Literal(name)))
        if ent.abbr:
            g.add((e, SKOS.notation, Literal(ent.abbr)))
        if ent.wikidata:
            g.add((e, OWL.sameAs, URIRef(WIKIDATA + ent.wikidata)))
    return g


def to_nquads(graph: Graph, name: URIRef | None) -> str:
    """Sorted N-Quads of one graph (``name`` None: the default graph)."""
    lines = [line.strip() for line in graph.serialize(format="nt").splitlines() if line.strip()]
    if name is not None:
        lines = [f"{line[:-1].rstrip()} <{name}> ." for line in lines]
    return "".join(line + "\n" for line in sorted(lines))
