"""sfkg: a bitemporal knowledge graph of Sino-French space cooperation, built from press releases.

>>> import sfkg
>>> kg = sfkg.open("memory:")
>>> len(kg.documents())
0
"""

__version__ = "0.1.0"


def open(store: str | None = None, model: str | None = None, read_only: bool = False):  # noqa: A001
    """Open a knowledge graph on a store location (a folder, ``memory:`` or a SPARQL endpoint
    URL); ``read_only`` lets it read while another process writes."""
    from .api import KnowledgeGraph

    return KnowledgeGraph(store, model=model, read_only=read_only)


def dates(path, anchor=None, model: str | None = None) -> list[dict]:
    """Every date expression sfkg reads in a press release, one dict each (``text``, ``start``,
    ``end``, ``edtf``, ``earliest``, ``latest``, ``granularity``), read at ``anchor`` (a date;
    default: the document's own publication date), as claims read them."""
    from .nlp.dates import document_dates

    return document_dates(path, anchor, model)
