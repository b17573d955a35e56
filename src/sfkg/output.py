"""One writer for every listing: a rich table, JSON, JSON lines or CSV, rows to stdout."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from datetime import date
from enum import Enum


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


# Terminal escape sequences (CSI, OSC, and other ESC-led ones) and control characters: a title or
# file name must not retitle the window or clear the screen of whoever lists it.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|"
                      r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text) -> str:
    """Text safe for a terminal: escape sequences and control characters shown escaped
    (``\x1b[2J``), tabs and line breaks kept as spaces."""
    s = "" if text is None else str(text)
    s = s.replace("\t", " ").replace("\r\n", " ").replace("\n", " ")
    return _ESCAPES.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), s)


def _default(o):
    if isinstance(o, date):
        return o.isoformat()
    if isinstance(o, set):
        return sorted(o)
    return str(o)


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, dict):
        return str(v.get("label") or v.get("iri") or json.dumps(v, default=_default))
    if isinstance(v, (list, tuple, set)):
        return "; ".join(_cell(x) for x in v)
    return str(v)


def write(rows, fmt: Format, columns: list[str] | None = None, title: str | None = None,
          out=None) -> None:
    out = out or sys.stdout
    if fmt == Format.json:
        out.write(json.dumps(rows, indent=2, ensure_ascii=False, default=_default) + "\n")
        return
    if fmt == Format.jsonl:
        for r in rows if isinstance(rows, list) else [rows]:
            out.write(json.dumps(r, ensure_ascii=False, default=_default) + "\n")
        return
    rows = rows if isinstance(rows, list) else [rows]
    columns = columns or (list(rows[0]) if rows else [])
    if fmt == Format.csv:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(columns)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in columns])
        out.write(buf.getvalue())
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(Text(clean(c)), overflow="fold")
    for r in rows:  # Text: a "[bold]" in a title is text, not markup
        table.add_row(*[Text(clean(_cell(r.get(c)))) for c in columns])
    Console(file=out, width=200 if not out.isatty() else None).print(table)
