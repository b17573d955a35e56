"""Parse texts in worker processes while the caller extracts, validates and stores.

``parse_texts(texts, model, workers)`` returns the pipeline and the parsed spaCy docs, in the
order of ``texts``. For a large batch, ``workers`` processes (``python -m sfkg.nlp.workers``:
they share no open store, lock or ``__main__`` with the caller) each build sfkg's pipeline and
parse batches of texts, sending each back as a :class:`DocBin`; the calling process is free for
everything after the parse, so a two-core machine parses and stores at the same time. A small
batch is parsed in the calling process (starting a worker and loading the model costs about two
seconds).

The processes may be started ahead of their texts (:func:`start`): they load the model while
the caller reads its documents and loads its own copy of the model (for the vocabulary), and
parse each message of texts as soon as the caller has read that many documents.

Messages are length-prefixed: texts go in as a pickled list, docs come out as DocBin bytes (or
an error line). Batch ``i`` goes to worker ``i % workers``, and each worker answers in the
order it was asked, so results are read back in order. A worker ends at the end of its input,
which is also what it sees when the ingest that started it is killed.
"""

from __future__ import annotations

import hashlib
import pickle
import queue
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
    """Parser processes for one batch of texts, started before the texts are known: the texts
    are given as they come (:meth:`add`, a message of :data:`BATCH` texts at a time, so the
    processes parse while the caller is still reading its documents) and the docs read back in
    order (:meth:`docs`). :meth:`close` ends the processes."""

    def __init__(self, model: str | None, workers: int):
        self.model = model
        self.procs = [_spawn(model) for _ in range(workers)]
        self._outboxes: list[queue.SimpleQueue] = [queue.SimpleQueue() for _ in self.procs]
        self._feeders = [threading.Thread(target=self._feed, args=(k,), daemon=True)
                         for k in range(len(self.procs))]
        for t in self._feeders:
            t.start()
        self._pending: list[str] = []  # less than a message
        self._batches = 0  # messages sent
        self.count = 0  # texts given
        self._digest = hashlib.sha256()  # of the texts given, to check a parse asks for them

    def _feed(self, k: int) -> None:  # a thread per worker: writing never waits on our reading
        proc, outbox = self.procs[k], self._outboxes[k]
        try:
            while (payload := outbox.get()) is not None:
                _write(proc.stdin, b"T", payload)
            proc.stdin.close()
        except (BrokenPipeError, ValueError, OSError):
            pass  # the worker died or we are closing: reported by the reader

    def add(self, text: str) -> None:
        self._pending.append(text)
        self.count += 1
        self._digest.update(_fingerprint(text))
        if len(self._pending) == BATCH:
            self._send()

    def given(self, texts: list[str]) -> bool:
        """Whether the texts given so far are the first ones of ``texts``."""
        digest = hashlib.sha256()
        for text in texts[:self.count]:
            digest.update(_fingerprint(text))
        return self.count <= len(texts) and digest.digest() == self._digest.digest()

    def _send(self) -> None:
        self._outboxes[self._batches % len(self.procs)].put(pickle.dumps(self._pending))
        self._batches += 1
        self._pending = []

    def docs(self, nlp: Language) -> Iterator[Doc]:
        """The docs of every text given, in order (no text may be added after)."""
        if self._pending:
            self._send()
        for outbox in self._outboxes:
            outbox.put(None)  # the end of the input
        try:
            for i in range(self._batches):
                msg = _read(self.procs[i % len(self.procs)].stdout)
                if msg is None:
                    raise SfkgError("a parser process exited unexpectedly")
                kind, payload = msg
                if kind == b"E":
                    raise SfkgError(f"parser process failed: {payload.decode()}")
                yield from DocBin().from_bytes(payload).get_docs(nlp.vocab)
        finally:
            for p in self.procs:
                if p.poll() is None and any(t.is_alive() for t in self._feeders):
                    p.kill()  # stopped early: the rest of the input is not wanted
                p.stdout.close()
            for p in self.procs:
                p.wait()

    def close(self) -> None:
        """End the processes (their docs are not wanted)."""
        for outbox in self._outboxes:
            outbox.put(None)
        for p in self.procs:
            p.kill()
            p.stdout.close()
        for p in self.procs:
            p.wait()


def start(model: str | None, workers: int, texts: int) -> Parsers | None:
    """Parser processes for a batch of about ``texts`` texts, started now so that they load the
    model while the caller prepares the texts; None when the batch is parsed in this process."""
    if workers < 1 or texts < MIN_DOCS:
        return None
    return Parsers(model, min(workers, -(-texts // BATCH)))


def _spawn(model: str | None) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "sfkg.nlp.workers"] + ([model] if model else [])
    return subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def _fingerprint(text: str) -> bytes:
    data = text.encode("utf-8", "surrogatepass")
    return len(data).to_bytes(8, "little") + data


def parse_texts(texts: list[str], model: str | None = None, workers: int = 1,
                min_docs: int | None = None, parsers: Parsers | None = None) -> tuple[Language, Iterator[Doc]]:
    """The pipeline and the parsed docs of ``texts``, in order: in ``workers`` processes when
    there are at least ``min_docs`` texts (default :data:`MIN_DOCS`), else in this one.
    ``parsers``: processes started ahead (:func:`start`) for the same model, which may have
    been given the first texts already; they are ended if the texts are parsed otherwise."""
    nlp = pipeline.build(model)
    if workers < 1 or len(texts) < (MIN_DOCS if min_docs is None else min_docs):
        if parsers is not None:
            parsers.close()
        return nlp, iter(nlp.pipe(texts, batch_size=BATCH))
    if parsers is not None and (parsers.model != model or not parsers.given(texts)):
        parsers.close()
        parsers = None
    if parsers is None:
        parsers = Parsers(model, min(workers, -(-len(texts) // BATCH)))
    for text in texts[parsers.count:]:
        parsers.add(text)
    return nlp, parsers.docs(nlp)


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
