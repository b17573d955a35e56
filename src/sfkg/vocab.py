"""The sfkg vocabulary and the IRI namespaces of documents and entities.

``SFKG`` is a closed namespace: a misspelt term raises instead of minting an IRI.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/sfkg/"


class SFKG(DefinedNamespace):
    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Claim: URIRef
    Document: URIRef
    Agency: URIRef
    Organization: URIRef
    Person: URIRef
    Mission: URIRef
    Instrument: URIRef
    Program: URIRef
    Place: URIRef
    Agreement: URIRef
    Meeting: URIRef
    Status: URIRef
    Granularity: URIRef
    Property: URIRef
    # individuals
    Planned: URIRef
    Actual: URIRef
    Day: URIRef
    Month: URIRef
    Season: URIRef
    Year: URIRef
    Decade: URIRef
    Open: URIRef
    # claim properties (the values of sfkg:property)
    launch: URIRef
    sample_return: URIRef
    data_release: URIRef
    carries: URIRef
    built_by: URIRef
    post: URIRef
    agreement: URIRef
    meeting: URIRef
    # claim predicates
    subject: URIRef
    property: URIRef
    object: URIRef
    status: URIRef
    time: URIRef
    earliest: URIRef
    latest: URIRef
    granularity: URIRef
    evidence: URIRef
    charStart: URIRef
    charEnd: URIRef
    postTitle: URIRef
    organization: URIRef
    party: URIRef
    signatory: URIRef
    participant: URIRef
    place: URIRef
    title: URIRef
    # documents and their graphs
    fileName: URIRef
    sha256: URIRef
    issuedBasis: URIRef
    mentions: URIRef
    pipelineVersion: URIRef
    modelName: URIRef
    publisher: URIRef
    wikidata: URIRef
    # datatypes
    edtf: URIRef
    # as-of view predicates
    launchDate: URIRef
    sampleReturnDate: URIRef
    dataReleaseDate: URIRef
    launchStatus: URIRef
    sampleReturnStatus: URIRef
    dataReleaseStatus: URIRef
    builtBy: URIRef
    holdsPost: URIRef
    date: URIRef
    citedBy: URIRef
    reportedOn: URIRef


SFD = Namespace(BASE + "doc/")
SFR = Namespace(BASE + "id/")
REFERENCE_GRAPH = URIRef(BASE + "graph/reference")

PROPERTIES = (
    "launch", "sample_return", "data_release", "carries", "built_by", "post", "agreement", "meeting",
)
SINGLE_VALUED = ("launch", "sample_return", "data_release")
ENTITY_TYPES = ("Agency", "Organization", "Person", "Mission", "Instrument", "Program", "Place")
EVENT_TYPES = ("Agreement", "Meeting")
