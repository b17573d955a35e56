"""Parse texts in worker processes while the caller extracts, validates and stores.

``parse_texts(texts, model, workers)`` returns the pipeline and the parsed spaCy docs, in the
order of ``texts``. For a large batch, ``workers`` processes (``python -m sfkg.nlp.workers``:
they share no open store, lock or ``__main__`` with the caller) each build sfkg's pipeline and
parse batches of texts, sending each back as a :class:`DocBin`; the calling process is free for
everything after the parse, so a two-core machine parses and stores at the same time. A small
batch is parsed in the calling process (starting a worker and loading the model costs about two
seconds).

The processes may be started ahead of their texts (:func:`start`): they load the model while
the caller reads its documents and loads its own copy of the model (for the vocabulary).

Messages are length-prefixed: texts go in as a pickled list, docs come out as DocBin bytes (or
an error line). Batch ``i`` goes to worker ``i % workers``, and each worker answers in the
order it was asked, so results are read back in order. A worker ends at the end of its input,
which is also what it sees when the ingest that started it is killed.
"""

from __future__ import annotations

import pickle
import struct
import subprocess
import sys
import threading
from typing import BinaryIO, Iterator

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from ..errors import SfkgError
from . import pipeline

BATCH = 16          # texts per message to and from a worker
MIN_DOCS = 32       # below this, parse in the calling process
_HEADER = struct.Struct("<cQ")  # kind (b"D" docs, b"E" error, b"T" texts), length


def _write(out: BinaryIO, kind: bytes, payload: bytes) -> None:
    out.write(_HEADER.pack(kind, len(payload)))
    out.write(payload)
    out.flush()


def _read(inp: BinaryIO) -> tuple[bytes, bytes] | None:
    head = inp.read(_HEADER.size)
    if len(head) < _HEADER.size:
        return None
    kind, n = _HEADER.unpack(head)
    payload = inp.read(n)
    if len(payload) < n:
        return None
    return kind, payload


class Parsers:
    """Parser processes started before their texts are known; a parse takes them over
    (:func:`parse_texts`), :meth:`close` ends the ones no parse took."""

    def __init__(self, model: str | None, workers: int):
        self.model = model
        self.procs = [_spawn(model) for _ in range(workers)]

    def take(self, n: int) -> list[subprocess.Popen]:
        """Up to ``n`` of the processes, for a parse; the others are ended."""
        taken, self.procs = self.procs[:n], self.procs[n:]
        self.close()
        return taken

    def close(self) -> None:
        for p in self.procs:
            p.kill()
            p.stdin.close()
            p.stdout.close()
        for p in self.procs:
            p.wait()
        self.procs = []


def start(model: str | None, workers: int, texts: int) -> Parsers | None:
    """Parser processes for a batch of about ``texts`` texts, started now so that they load the
    model while the caller prepares the texts; None when the batch is parsed in this process."""
    if workers < 1 or texts < MIN_DOCS:
        return None
    return Parsers(model, min(workers, -(-texts // BATCH)))


def _spawn(model: str | None) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "sfkg.nlp.workers"] + ([model] if model else [])
    return subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def parse_texts(texts: list[str], model: str | None = None, workers: int = 1,
                min_docs: int | None = None, parsers: Parsers | None = None) -> tuple[Language, Iterator[Doc]]:
    """The pipeline and the parsed docs of ``texts``, in order: in ``workers`` processes when
    there are at least ``min_docs`` texts (default :data:`MIN_DOCS`), else in this one.
    ``parsers``: processes started ahead (:func:`start`) for the same model, used first."""
    nlp = pipeline.build(model)
    if workers < 1 or len(texts) < (MIN_DOCS if min_docs is None else min_docs):
        if parsers is not None:
            parsers.close()
        return nlp, iter(nlp.pipe(texts, batch_size=BATCH))
    return nlp, _in_workers(nlp, texts, model, workers, parsers)


def _in_workers(nlp: Language, texts: list[str], model: str | None, workers: int,
                parsers: Parsers | None = None) -> Iterator[Doc]:
    batches = [texts[i:i + BATCH] for i in range(0, len(texts), BATCH)]
    n = min(workers, len(batches))
    procs = parsers.take(n if parsers.model == model else 0) if parsers is not None else []
    procs += [_spawn(model) for _ in range(n - len(procs))]

    def feed(k: int) -> None:  # a thread per worker: writing never waits on our reading
        try:
            for batch in batches[k::len(procs)]:
                _write(procs[k].stdin, b"T", pickle.dumps(batch))
            procs[k].stdin.close()
        except (BrokenPipeError, ValueError, OSError):
            pass  # the worker died or we are closing: reported by the reader

    feeders = [threading.Thread(target=feed, args=(k,), daemon=True) for k in range(len(procs))]
    for t in feeders:
        t.start()
    try:
        for i in range(len(batches)):
            msg = _read(procs[i % len(procs)].stdout)
            if msg is None:
                raise SfkgError("a parser process exited unexpectedly")
            kind, payload = msg
            if kind == b"E":
                raise SfkgError(f"parser process failed: {payload.decode()}")
            yield from DocBin().from_bytes(payload).get_docs(nlp.vocab)
    finally:
        for p in procs:
            if p.poll() is None and any(t.is_alive() for t in feeders):
                p.kill()  # stopped early: the rest of the input is not wanted
            p.stdout.close()
        for p in procs:
            p.wait()


def main(argv: list[str]) -> None:
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write to the message stream
    nlp = pipeline.build(argv[0] if argv else None)
    while (msg := _read(inp)) is not None:
        try:
            docs = list(nlp.pipe(pickle.loads(msg[1]), batch_size=BATCH))
            _write(out, b"D", DocBin(docs=docs).to_bytes())
        except Exception as exc:  # reported by the caller, which stops its batch
            _write(out, b"E", f"{type(exc).__name__}: {exc}".encode())


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except (BrokenPipeError, KeyboardInterrupt):
        pass
