"""The map step at scale: files -> bundles, in batches, in this process, in local worker
processes, or as tasks on a Dask cluster.

``extract(paths, out, workers=N)`` runs batches of files through :func:`sfkg.batch.extract_files`
in N local processes (N = 1: in this process); ``extract(paths, out, scheduler="tcp://HOST:8786")``
submits them to a running Dask scheduler, and ``scheduler="local:N"`` starts a ``LocalCluster``
of N single-threaded worker processes for the run. Each worker loads the spaCy model once (the
pipeline is cached per process) and writes one bundle per file into ``out``, atomically: on a
real cluster ``out`` (and the input files) must be on a filesystem every worker and the loader
see, at the same path. A task that dies with its worker is run again by Dask (``retries``), and
a batch that runs twice writes the same bundles (same names, same bytes): no document is lost or
duplicated. A re-run skips the files whose bundle is there already.

Dask is an optional extra: ``pip install 'sfkg[dask]'``.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import date
from pathlib import Path
from typing import Callable

from . import batch
from .errors import SfkgError
from .ingest import collect

BATCH_SIZE = 16  # files per task: large enough to amortise the task overhead, small enough to balance
RETRIES = 3  # times Dask runs a task again when its worker dies
CONNECT_TIMEOUT = "5s"


class ExtractInterrupted(KeyboardInterrupt):
    """Ctrl-C during an extraction: the bundles written so far are whole and stay; ``report``
    says how many (a re-run skips them)."""

    def __init__(self, report: batch.ExtractReport):
        super().__init__()
        self.report = report


def batches(files: list, size: int) -> list[list[str]]:
    return [[str(f) for f in files[i:i + size]] for i in range(0, len(files), size)]


def extract(paths, out: str | Path, workers: int = 1, scheduler: str | None = None,
            batch_size: int = BATCH_SIZE, model: str | None = None,
            published: date | None = None,
            progress: Callable[[int, int, str], None] | None = None,
            task: Callable | None = None) -> batch.ExtractReport:
    """Extract files and folders into bundles in folder ``out`` (created if needed).
    ``progress(i, n, name)`` is called as batches finish (i files of n done). Ctrl-C raises
    :class:`ExtractInterrupted` (the bundles written are whole). ``task`` replaces
    :func:`sfkg.batch.extract_files` (same signature), e.g. to wrap it."""
    started = time.perf_counter()
    if batch_size < 1:
        raise SfkgError(f"batch size {batch_size} must be 1 or more")
    if workers < 1:
        raise SfkgError(f"workers {workers} must be 1 or more")
    out = Path(os.path.abspath(out))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SfkgError(f"{out}: cannot create the bundle folder ({exc.strerror or exc})") from None
    if not os.access(out, os.W_OK):
        raise SfkgError(f"{out}: the bundle folder is not writable")
    files, errors = collect(paths)
    if published is not None and len(files) > 1:
        raise SfkgError("--published states the date of a single file; use sidecars for several")
    # absolute paths: a worker may run in another folder (the identity does not change)
    jobs = batches([os.path.abspath(f) for f in files], batch_size)
    report = batch.ExtractReport(failed=list(errors))
    task = task or batch.extract_files
    try:
        if scheduler:
            _on_dask(scheduler, jobs, out, model, published, progress, report, task)
        elif workers == 1 or len(jobs) == 1:
            _here(jobs, out, model, published, progress, report, task)
        else:
            _in_processes(workers, jobs, out, model, published, progress, report, task)
    except KeyboardInterrupt:
        report.seconds = time.perf_counter() - started
        raise ExtractInterrupted(report) from None
    report.seconds = time.perf_counter() - started
    return report


def _count(jobs) -> int:
    return sum(len(j) for j in jobs)


def _here(jobs, out, model, published, progress, report, task) -> None:
    n, k = _count(jobs), 0
    if progress:
        progress(0, n, "loading the model")
    for job in jobs:
        part = task(job, str(out), model, published)
        report.merge(part)
        k += len(job)
        if progress:
            progress(k, n, Path(job[-1]).name)


def _in_processes(workers, jobs, out, model, published, progress, report, task) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    n, k = _count(jobs), 0
    if progress:
        progress(0, n, "starting the workers")
    # spawn: a fresh interpreter per worker (no copy of this process's open store or threads)
    with ProcessPoolExecutor(min(workers, len(jobs)),
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(task, job, str(out), model, published): job for job in jobs}
        try:
            for fut in as_completed(futures):
                if fut.exception() is not None:  # a worker process died, or a bug
                    _task_failed(report, futures[fut], fut.exception())
                else:
                    report.merge(fut.result())
                k += len(futures[fut])
                if progress:
                    progress(k, n, Path(futures[fut][-1]).name)
        except BaseException:
            for f in futures:
                f.cancel()
            raise


def _task_failed(report, files, exc) -> None:
    """A batch whose task failed for good: its files are reported (a re-run tries them again;
    the bundles it wrote before failing are kept)."""
    why = f"the extraction task failed ({type(exc).__name__}: {' '.join(str(exc).split())[:200]})"
    report.failed += [(f, why) for f in files]


def connect(scheduler: str):
    """A Dask client on ``tcp://HOST:PORT`` (an existing scheduler) or ``local:N`` (a new
    LocalCluster of N worker processes, closed with the client): (client, cluster or None)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise SfkgError("--scheduler needs Dask: pip install 'sfkg[dask]' (dask and distributed)") from None
    if scheduler.startswith("local:"):
        try:
            n = int(scheduler.removeprefix("local:"))
        except ValueError:
            n = 0
        if n < 1:
            raise SfkgError(f"scheduler {scheduler!r}: write local:N with N workers, e.g. local:2")
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.ERROR)
        return Client(cluster), cluster
    address = scheduler if "://" in scheduler else f"tcp://{scheduler}"
    try:
        return Client(address, timeout=CONNECT_TIMEOUT), None
    except (OSError, TimeoutError) as exc:
        raise SfkgError(f"cannot reach the Dask scheduler at {address} "
                        f"({type(exc).__name__}: {' '.join(str(exc).split())[:160] or 'no answer'})") from None
    except ValueError as exc:
        raise SfkgError(f"scheduler {scheduler!r}: {exc}") from None


def _on_dask(scheduler, jobs, out, model, published, progress, report, task) -> None:
    from distributed import as_completed

    client, cluster = connect(scheduler)
    futures = []
    try:
        n, k = _count(jobs), 0
        if progress:
            progress(0, n, f"{len(jobs)} task(s) on {client.scheduler.address}")
        # pure=False: a task runs again when asked (a re-run must look at the folder again)
        futures = client.map(task, jobs, out=str(out), model=model, published=published,
                             retries=RETRIES, pure=False)
        batch_of = {f.key: j for f, j in zip(futures, jobs)}
        for fut in as_completed(futures):
            if fut.status == "error":  # its worker died more times than Dask allows, or a bug
                _task_failed(report, batch_of[fut.key], fut.exception())
            else:
                report.merge(fut.result())
            k += len(batch_of[fut.key])
            if progress:
                progress(k, n, Path(batch_of[fut.key][-1]).name)
    finally:
        try:
            if futures:
                client.cancel(futures)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
