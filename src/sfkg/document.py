"""Documents: bytes from a file, decoded, page boilerplate marked, title and publication date found.

A :class:`Document` keeps the whole decoded text (normalised one character for one, so offsets
are the file's own for plain text, and the extracted text's for HTML) and the ranges that are
page furniture (banners, "Check Also" teasers, contact blocks, footers). ``body`` is the text
with that furniture blanked out, offsets unchanged: extraction only ever sees the body.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from .errors import DocumentError
from .htmltext import html_to_text, looks_like_html
from .temporal import parse_time
from .textnorm import normalize

SUFFIXES = (".txt", ".html", ".htm")
SIDECAR_KEYS = {"title", "published", "publisher", "url", "language"}
MAX_BYTES = 5 * 1024 * 1024  # a press release is a few kB; a 10 MB "press release" is not one
MAX_CHARS = 1_000_000  # what one spaCy pass reads
MAX_SIDECAR_BYTES = 64 * 1024  # a sidecar holds five short values
MAX_SIDECAR_VALUE = 2_000  # characters of one sidecar value (a title, a url)

_TAIL_MARKERS = {
    "check also", "related", "related stories", "related articles", "related posts",
    "related news", "related content", "read more", "read also", "see also", "more news",
    "you may also like", "you might also like", "contacts", "contact", "press contact",
    "press contacts", "media contact", "media contacts", "press office", "tags",
    "share this", "share this article", "about the author", "recommended", "more from",
    "latest news", "most read", "most popular", "leave a reply", "comments", "trending",
    "further reading", "more on this topic", "also read", "don't miss",
}
_FURNITURE_LINE = re.compile(
    r"(ICP备|ICP证|©|\bcopyright\b|all rights reserved|cookie|privacy policy|terms of use|"
    r"follow us|subscribe to|^\s*filed under\b|^\s*(?:reporting|writing|editing|edited) by\b.*;|^\s*tags?\s*:|^\s*share\s*:|\btel\s*[:.]|"
    r"\be-?mail\s*:|\+\d{1,3}\s*\(0\)|\+\d{1,3}(?:[\s.-]?\d{1,4}){3,}|^\s*(?:advertisement|sponsored)\s*$|^(?:\S+\s+){0,5}\S*banner\S*(?:\s+\S+){0,5}\s*$)",
    re.I,
)
_DATE_PREFIX = re.compile(
    r"^(?:published|posted|updated|last updated|date|issued|released|publication date)"
    r"(?:\s+on)?\s*[:\-]?\s*",
    re.I,
)
_DATELINE = re.compile(
    r"^[A-Z][A-Za-z .'\-/]{1,40}?(?:\s*\([^)]{1,40}\))?\s*[,\-]\s*"
    r"(?P<date>[^()\-]{4,40}?)\s*(?:\((?P<agency>[^)]{1,30})\))?\s*(?:--|-|:)\s",
)


@dataclass
class Document:
    path: Path
    name: str
    text: str
    sha256: str
    title: str | None = None
    published: date | None = None
    published_basis: str | None = None  # stated | inferred | given
    publisher: str | None = None
    url: str | None = None
    language: str | None = None
    furniture: list[tuple[int, int]] = field(default_factory=list)
    dateline_partial: str | None = None  # "March 4" of "PARIS, March 4 (AFP) -": no year given

    @property
    def body(self) -> str:
        """The text with page furniture blanked (same length, same offsets)."""
        chars = list(self.text)
        for start, end in self.furniture:
            for i in range(start, end):
                if chars[i] != "\n":
                    chars[i] = " "
        return "".join(chars)


def read_document(path: str | Path, published: date | None = None) -> Document:
    """Read one press release; raises :class:`DocumentError` with a one-line reason."""
    path = Path(path)
    if not path.exists():
        if path.is_symlink():
            try:
                path.resolve(strict=True)
            except RuntimeError:  # Python 3.11 says "Symlink loop"
                raise DocumentError(path, "symlink loop") from None
            except OSError as exc:
                if exc.errno == 40:  # ELOOP
                    raise DocumentError(path, "symlink loop") from None
            raise DocumentError(path, "broken symbolic link (its target does not exist)")
        raise DocumentError(path, "no such file")
    if not path.is_file():
        raise DocumentError(path, "not a regular file")
    if path.suffix.lower() not in SUFFIXES:
        raise DocumentError(path, f"unsupported file type {path.suffix or '(none)'}; "
                                  f"sfkg reads {', '.join(SUFFIXES)}")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(path, f"file is {size / 2**20:.1f} MiB, over the "
                                      f"{MAX_BYTES // 2**20} MiB a press release may have")
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)  # never more than the limit, whatever the file claims
    except OSError as exc:
        if exc.errno == 40:
            raise DocumentError(path, "symlink loop") from None
        raise DocumentError(path, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise DocumentError(path, f"file is {len(raw) / 2**20:.1f} MiB, over the "
                                  f"{MAX_BYTES // 2**20} MiB a press release may have")
    text = decode(raw, path)
    sidecar = read_sidecar(path)
    html_title = html_date = None
    if path.suffix.lower() in (".html", ".htm") or looks_like_html(text):
        text, html_title, html_date = html_to_text(text)
    text = normalize(text)
    if not text.strip():
        raise DocumentError(path, "no text in the file")
    if len(text) > MAX_CHARS:
        raise DocumentError(path, f"text of {len(text):,} characters is over the {MAX_CHARS:,} "
                                  f"a document may have; split it")
    doc = Document(path=path, name=path.name, text=text,
                   sha256=hashlib.sha256(raw).hexdigest())
    header_end = _mark_furniture(doc, html_title)
    if not doc.body.strip():
        raise DocumentError(path, "the text is all page furniture (banners, links, contacts)")
    _find_published(doc, header_end, html_date)
    for key in ("title", "publisher", "url", "language"):
        if sidecar.get(key):
            setattr(doc, key, str(sidecar[key]))
    if sidecar.get("published"):
        doc.published, doc.published_basis = sidecar["published"], "given"
    if published:
        doc.published, doc.published_basis = published, "given"
    return doc


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode(raw: bytes, path: Path) -> str:
    """UTF-16 or UTF-32 with a byte-order mark; UTF-8 (with or without BOM); else GB18030 or
    Windows-1252, whichever the bytes support."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom):].decode(codec)
            except UnicodeDecodeError:
                raise DocumentError(path, f"not valid {codec.upper()} although it starts with its "
                                          f"byte-order mark") from None
            if not text.strip():
                raise DocumentError(path, "empty file")
            if "\x00" in text:
                raise DocumentError(path, "binary file, not text")
            return text
    if not raw.strip():
        raise DocumentError(path, "empty file")
    head = raw[:8192]
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    if b"\x00" in head or controls > len(head) * 0.05:
        raise DocumentError(path, "binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
        cjk = [i for i, c in enumerate(text) if "\u4e00" <= c <= "\u9fff"]
        paired = sum(1 for i in cjk if (i + 1 in cjk or i - 1 in cjk))
        if cjk and paired >= 0.6 * len(cjk):
            return text
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def read_sidecar(path: Path) -> dict:
    """``press.meta.yaml`` beside ``press.txt``: title, published, publisher, url, language.

    Each value is a plain scalar (text, or a date for ``published``) of at most
    MAX_SIDECAR_VALUE characters, in a file of at most MAX_SIDECAR_BYTES: no YAML aliases, lists
    or mappings (an alias bomb is refused before anything is built)."""
    side = path.with_name(path.stem + ".meta.yaml")
    if not side.exists():
        return {}
    try:
        with side.open("rb") as fh:
            raw = fh.read(MAX_SIDECAR_BYTES + 1)
    except OSError as exc:
        raise DocumentError(side, f"cannot read the sidecar: {exc.strerror or exc}") from None
    if len(raw) > MAX_SIDECAR_BYTES:
        raise DocumentError(side, f"sidecar is over {MAX_SIDECAR_BYTES // 1024} KiB; it holds "
                                  f"five short values")
    try:
        text = raw.decode("utf-8-sig")
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise DocumentError(side, "sidecar uses YAML anchors or aliases; write plain values")
        data = yaml.safe_load(text) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DocumentError(side, f"sidecar is not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise DocumentError(side, "sidecar must be a mapping of keys to values")
    unknown = set(data) - SIDECAR_KEYS
    if unknown:
        raise DocumentError(side, f"unknown sidecar key(s) {', '.join(sorted(map(str, unknown)))}; "
                                  f"known: {', '.join(sorted(SIDECAR_KEYS))}")
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, (dict, list, tuple, set, bytes)):
            raise DocumentError(side, f"{key} must be a plain value, not a "
                                      f"{'mapping' if isinstance(value, dict) else 'list'}")
        if not isinstance(value, (str, int, float, date)):
            raise DocumentError(side, f"{key} must be a plain value")
        if len(str(value)) > MAX_SIDECAR_VALUE:
            raise DocumentError(side, f"{key} is {len(str(value)):,} characters, over the "
                                      f"{MAX_SIDECAR_VALUE:,} a sidecar value may have")
    if "published" in data:
        value = data["published"]
        if isinstance(value, date):
            data["published"] = value.date() if hasattr(value, "date") else value
        else:
            tv = parse_time(str(value))
            if tv is None or tv.granularity != "day":
                raise DocumentError(side, f"published {value!r} is not a date (use YYYY-MM-DD)")
            data["published"] = tv.earliest
    return data


# ------------------------------------------------------------------ furniture, title, date


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


_PLACE_PREFIX = re.compile(r"^[A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,3}\s*(?:\([^)]{1,30}\))?\s*[,:\-]\s+")


def _is_date_line(line: str) -> date | None:
    """A line that is a date, perhaps after "Published:" or a place ("Toulouse, 18 September
    2024", "PARIS (Agency) - 4 March 2030")."""
    s = _DATE_PREFIX.sub("", line.strip())
    if not s or len(s) > 60:
        return None
    for candidate in (s, _PLACE_PREFIX.sub("", s, count=1)):
        tv = parse_time(candidate)
        if tv and tv.granularity == "day":
            return tv.earliest
    return None


def _title_like(line: str) -> bool:
    s = line.strip()
    words = s.split()
    return (
        4 <= len(words) <= 25
        and not s.endswith(("…", "...", ":", "."))
        and not s.lower().startswith(("by ", "photo", "image", "credit"))
        and not _FURNITURE_LINE.search(s)
        and _is_date_line(s) is None
    )


def _mark_furniture(doc: Document, html_title: str | None) -> int:
    """Mark banners above the title, furniture lines and everything after a tail marker.

    Returns the offset where the body's first paragraph starts (the end of the header)."""
    lines = list(_lines(doc.text))
    nonempty = [i for i, (_, _, line) in enumerate(lines) if line.strip()]
    first_para = next((i for i in nonempty if len(lines[i][2].split()) >= 12
                       and lines[i][2].rstrip().endswith((".", '"', "'"))), len(lines))
    title_i = None
    for i in [j for j in nonempty[:8] if j < first_para]:
        line = lines[i][2].strip()
        if html_title and line == html_title.strip():
            title_i = i
            break
        if not html_title and _title_like(line):
            title_i = i
            break
    if title_i is None:  # a wire story without a headline: nothing above the body is cut
        title_i = -1
    doc.title = html_title or (lines[title_i][2].strip() if title_i >= 0 else None)
    for i in nonempty:
        start, end, line = lines[i]
        if i < title_i and not _is_date_line(line) and len(line.split()) <= 8:
            doc.furniture.append((start, end))  # banners and section labels above the title
        elif _FURNITURE_LINE.search(line):
            doc.furniture.append((start, end))
    header_end = len(doc.text)
    for i in nonempty:
        if i > title_i and len(lines[i][2].split()) >= 12:
            header_end = lines[i][0]
            break
    for i in nonempty:
        start, _, line = lines[i]
        key = line.strip().lower().rstrip(":").strip()
        lead = key.split(":", 1)[0].strip() if ":" in key else None
        in_body = start >= header_end or header_end == len(doc.text)  # (a text with no paragraph)
        if i > title_i and in_body and (key in _TAIL_MARKERS or lead in _TAIL_MARKERS):
            doc.furniture.append((start, len(doc.text)))
            break
    doc.furniture.sort()
    return header_end


def _find_published(doc: Document, header_end: int, html_date: str | None) -> None:
    """A dateline wins: a date line in the header, a metadata date, or a wire dateline."""
    candidates: list[date] = []
    if html_date:
        tv = parse_time(html_date[:10]) or parse_time(html_date)
        if tv and tv.granularity == "day":
            candidates.append(tv.earliest)
    for start, end, line in _lines(doc.text[:header_end]):
        d = _is_date_line(line)
        if d:
            candidates.append(d)
            doc.furniture.append((start, end))  # the dateline is metadata, not a claim
    if not candidates:
        first = doc.body[header_end:].lstrip()[:200]
        m = _DATELINE.match(first)
        if m:
            tv = parse_time(m["date"])
            if tv and tv.granularity == "day":
                candidates.append(tv.earliest)
            elif parse_time(m["date"], date(2000, 1, 1)) is not None:
                doc.dateline_partial = m["date"].strip()
    if candidates:
        doc.published, doc.published_basis = candidates[0], "stated"
