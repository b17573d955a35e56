"""Untrusted SPARQL: ``sfkg sparql`` only reads, calls no other endpoint unless allowed, and
gives up after a time limit."""

from __future__ import annotations

import re
import threading

from .errors import SfkgError

DEFAULT_TIMEOUT = 30.0
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
_NOISE = re.compile(r'#[^\n]*|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|'
                    r"'(?:\\.|[^'\\\n])*'|<[^<>\s{}|^`\"]*>")


def words(query: str) -> list[str]:
    """The query's keywords and names, without comments, strings and IRIs."""
    return re.findall(r"[A-Za-z_][\w-]*", _NOISE.sub(" ", query))


def check(query: str, allow_service: bool = False) -> None:
    w = [x.upper() for x in words(query)]
    body = [x for i, x in enumerate(w) if not (i and w[i - 1] in ("PREFIX", "BASE"))]
    head = next((x for x in body if x not in ("PREFIX", "BASE")), "")
    if head in UPDATE_WORDS:
        raise SfkgError(f"sfkg sparql is read-only: {head} (a SPARQL update) is refused; "
                        f"the graph changes only by 'sfkg ingest' and 'sfkg retract'")
    if "SERVICE" in w and not allow_service:
        raise SfkgError("the query calls another endpoint (SERVICE); pass --allow-service to permit it")


def with_timeout(fn, timeout: float | None):
    """Run ``fn()``; past ``timeout`` seconds raise (the query's thread is left to finish in the
    background: it only reads)."""
    if not timeout:
        return fn()
    box: dict = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        raise SfkgError(f"the query ran past its {timeout:g} s time limit (--timeout)")
    if "error" in box:
        raise box["error"]
    return box["value"]


def star_order(query: str, names: list[str]) -> list[str]:
    """``SELECT *`` lists the variables in the order the query first names them (engines may
    sort them); any other projection is left as the engine gives it."""
    text = _NOISE.sub(" ", query)
    if not re.search(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", text, re.I):
        return names
    seen: list[str] = []
    for v in re.findall(r"[?$]([A-Za-z_][\w]*)", text):
        if v in names and v not in seen:
            seen.append(v)
    return seen + [n for n in names if n not in seen]
