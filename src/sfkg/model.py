"""The records that flow from extraction to RDF: entities, claims and a document's extraction."""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import Document
from .timevalue import TimeValue


@dataclass
class Entity:
    iri: str
    type: str  # Agency | Organization | Person | Mission | Instrument | Program | Place | Agreement | Meeting
    label: str
    labels: set[str] = field(default_factory=set)
    known: bool = False  # a reference entity


@dataclass
class Mention:
    start: int  # character offsets in the document text
    end: int
    text: str
    iri: str
    type: str
    token_start: int
    token_end: int
    sent: int


@dataclass
class Claim:
    property: str
    subject: str | None = None
    object: str | None = None
    time: TimeValue | None = None
    status: str | None = None  # planned | actual
    post: str | None = None
    org: str | None = None
    parties: list[str] = field(default_factory=list)
    signatories: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    place: str | None = None
    title: str | None = None
    evidence: str = ""
    char_start: int = 0
    char_end: int = 0


@dataclass
class Extraction:
    document: Document
    entities: dict[str, Entity]
    claims: list[Claim]
    model: str
    pipeline_version: str
