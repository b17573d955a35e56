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


def extract_bundles(paths, out, workers: int = 1, scheduler: str | None = None,
                    batch_size: int = 16, model: str | None = None, published=None,
                    progress=None):
    """The map step: one bundle per press release in folder ``out``, no store involved; load
    them with ``kg.load(out)``. ``workers`` local processes, or a Dask ``scheduler``
    (``tcp://HOST:8786``, or ``local:N`` for a LocalCluster of N processes; needs
    ``pip install 'sfkg[dask]'``) running batches of ``batch_size`` files. A re-run skips the
    files whose bundle exists. Returns a :class:`sfkg.batch.ExtractReport`."""
    from .api import as_date, as_paths
    from .distributed import extract as run

    if isinstance(workers, bool) or not isinstance(workers, int):
        raise TypeError(f"workers must be an int, not {type(workers).__name__}")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int):
        raise TypeError(f"batch_size must be an int, not {type(batch_size).__name__}")
    if scheduler is not None and not isinstance(scheduler, str):
        raise TypeError(f"scheduler must be a string, not {type(scheduler).__name__}")
    if progress is not None and not callable(progress):
        raise TypeError("progress must be a callable (i, n, name)")
    return run(as_paths(paths), out, workers=workers, scheduler=scheduler, batch_size=batch_size,
               model=model, published=as_date(published, "published"), progress=progress)
