"""Documents: bytes from a file, decoded, page boilerplate marked, title and publication date found.

A :class:`Document` keeps the whole decoded text (normalised one character for one, so offsets
are the file's own for plain text, and the extracted text's for HTML) and the ranges that are
page furniture (banners, "Check Also" teasers, contact blocks, footers). ``body`` is the text
with that furniture blanked out, offsets unchanged: extraction only ever sees the body.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from . import datelines, patterns
from .errors import DocumentError
from .htmltext import html_to_text, looks_like_html
from .temporal import parse_time
from .textnorm import normalize

SUFFIXES = (".txt", ".html", ".htm")
SIDECAR_KEYS = {"title", "published", "published_basis", "publisher", "url", "language"}
MAX_BYTES = 5 * 1024 * 1024  # a press release is a few kB; a 10 MB "press release" is not one
MAX_CHARS = 1_000_000  # what one spaCy pass reads
MAX_SIDECAR_BYTES = 64 * 1024  # a sidecar holds five short values
MAX_SIDECAR_VALUE = 2_000  # characters of one sidecar value (a title, a url)

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
    dateline: tuple[int, int] | None = None  # where the stated publication date is written
    undated: str | None = None  # no date stated: what the page has instead (a refusal's reason)

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


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)  # control characters of no text


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
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
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
    if data.get("published_basis") not in (None, "given"):
        raise DocumentError(side, f"published_basis {data['published_basis']!r}: a sidecar's date is "
                                  "the crawler's, so its basis can only be given")
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


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _cues() -> dict:
    """The furniture cues of ``patterns/furniture.yaml``, compiled."""
    c = patterns.load("furniture")
    return {
        "tail": frozenset(c["tail_markers"]),
        "teaser": re.compile(rf"^\s*(?i:{_alt(c['teaser_prefixes'])})(?:\s*:\s*|(?=[A-Z]))\S"),
        "line": _Cues(c["line_cues"]),
        "placeholder": _Cues(c["placeholder_cues"]),
        "menu": frozenset(w for w in c["menu_words"] if " " not in w),
        "menu_phrases": [w for w in c["menu_words"] if " " in w],
        "masthead": frozenset(c["masthead_words"]),
        "minor": frozenset(c["title_case_minor"]),
        "byline": frozenset(c["byline_fields"]),
    }


class _Cues:
    """Line cues: those anchored at the line's start are tried there only (one ``match``), the
    others anywhere (one ``search``)."""

    def __init__(self, cues: list[str]) -> None:
        start = [x[1:] for x in cues if x.startswith("^")]
        anywhere = [x for x in cues if not x.startswith("^")]
        self.start = re.compile("|".join(f"(?:{x})" for x in start), re.I) if start else None
        self.anywhere = re.compile("|".join(f"(?:{x})" for x in anywhere), re.I) if anywhere else None

    def search(self, line: str) -> bool:
        return bool((self.start and self.start.match(line))
                    or (self.anywhere and self.anywhere.search(line)))


_PARA_END = (".", '"', "'", "”", "’", "!", "?")
_NEUTRAL = re.compile(r"^[\d\W_]+$")


def _furniture_line(line: str) -> bool:
    """Copyright, contact, share and sign-up lines, image placeholders, menus."""
    c = _cues()
    return bool(c["line"].search(line) or c["placeholder"].search(line)) \
        or (_menu_line(line) and datelines.read_line(line.strip()) is None)  # "By X · date · 5 min"


def _menu_line(line: str) -> bool:
    """A menu, breadcrumb or share bar: words that name a site's sections and social links."""
    c = _cues()
    parts = [p.strip() for p in re.split(r"\s[|>»›•·]\s|\s{2,}|\t", line.strip()) if p.strip()]
    if len(parts) >= 3 and all(len(p.split()) <= 3 for p in parts):
        return True  # "Science | Planets | Telescopes": tags or a breadcrumb
    crumbs = [p.strip() for p in re.split(r"\s[>»›]\s", line.strip())]
    if len(crumbs) >= 3 and all(0 < len(p.split()) <= 5 and not p.endswith(_PARA_END) for p in crumbs):
        return True  # "Support & Services > Space Engineering & Technology > Missions"
    low = f" {line.lower()} "
    for phrase in c["menu_phrases"]:
        low = low.replace(f" {phrase} ", " \u25c6 ")
    words = [w for w in re.split(r"[\s|>»›/•·,:]+", low) if w]
    menu = sum(w in c["menu"] or w == "\u25c6" for w in words)
    if not menu or len(words) > 30:
        return False
    other = sum(not (w in c["menu"] or w == "\u25c6" or _NEUTRAL.match(w)
                     or datelines.is_date_word(w)) for w in words)
    return (menu >= 2 and other <= 0.25 * (menu + other)) or (menu == 1 and len(words) == 1)


def _masthead(line: str) -> bool:
    """A publication's name standing alone ("Orbit Daily (Asia)", "Orbit Today - orbittoday")."""
    c = _cues()
    words = re.findall(r"[A-Za-z][A-Za-z'&.\-]*", re.sub(r"\([^)]*\)", " ", line))
    if not 1 <= len(words) <= 5 or words[0].lower() in c["byline"] or words[0].lower() == "source":
        return False
    for i, w in enumerate(words):
        if w.lower() in c["masthead"] and all(x.islower() for x in words[i + 1:]):
            return i > 0 or len(words) == 1
    return False


def _title_case(line: str) -> bool:
    """A headline in Title Case: every word but the short minor ones capitalised."""
    minor = _cues()["minor"]
    words = re.findall(r"[^\W\d_][\w'\u2019.\-]*", line)
    content = [w for w in words if w.lower() not in minor]
    return len(content) >= 4 and all(w[0].isupper() for w in content)


def _title_like(line: str) -> bool:
    s = line.strip()
    words = s.split()
    return (
        4 <= len(words) <= 25
        and not s.endswith(("\u2026", "...", ":", "."))
        and not s.lower().startswith(("by ", "photo", "image", "credit"))
        and not _furniture_line(s)
        and not _masthead(s)
        and datelines.read_line(s) is None
    )


def _site_strings(lines) -> set[str]:
    """Short lines that a page repeats three times or more: the site's name and its widgets."""
    counts = Counter(line.strip() for _, _, line in lines
                     if line.strip() and len(line.split()) <= 6 and not _NEUTRAL.match(line.strip()))
    return {s for s, n in counts.most_common(10) if n >= 3}


def _name_list(text: str) -> list[str]:
    """The capitalised words of a text, without a possessive "'s"."""
    return [re.sub(r"(?:['\u2019]s)$", "", w) for w in re.findall(r"[\w'\u2019\-]+", text)
            if w != w.lower()]


def _names(line: str) -> set[str]:
    return set(_name_list(line))


def _inline_teaser(line: str, counts: Counter) -> bool:
    """A headline-shaped line in the body that links to another story: it names things that
    the article names nowhere else ("Zephyr Motors recalls its Gale sedan"). ``counts``:
    how often the whole page names each capitalised word."""
    s = line.strip()
    words = s.split()
    if not 5 <= len(words) <= 16 or s.endswith((".", ":")) or s[0] in "\"\u201c\u2018'(":
        return False
    if words[0].lower().rstrip(":") in _cues()["byline"]:
        return False  # a credit or a source line names what it cites
    first = words[0]
    names = _names(s)
    later = _names(" ".join(words[1:]))
    if not (later or any(ch.isupper() for ch in first[1:]) or re.search(r"['\u2019]s$", first)):
        return False
    own = Counter(_name_list(s))
    return bool(names) and all(counts[n] == own[n] for n in names)


def _mark_furniture(doc: Document, html_title: str | None) -> int:
    """Mark banners above the title, furniture lines, teasers, the other items of a listing and
    everything after a tail marker.

    Returns the offset where the body's first paragraph starts (the end of the header)."""
    c = _cues()
    text = doc.text
    lines = list(_lines(text))
    nonempty = [i for i, (_, _, line) in enumerate(lines) if line.strip()]
    first_para = next((i for i in nonempty if len(lines[i][2].split()) >= 12
                       and lines[i][2].rstrip().endswith(_PARA_END)
                       and not _furniture_line(lines[i][2])), len(lines))
    title_i, title = _find_title(lines, [j for j in nonempty[:8] if j < first_para], html_title)
    doc.title = title
    site = _site_strings(lines)
    from .nlp.layouts import table_lines  # a table's rows are text, not a menu
    tabled = table_lines(text) if "|" in text or "  " in text else set()
    for i in nonempty:
        start, end, line = lines[i]
        s = line.strip()
        lead = start + line.index(s)
        if i < title_i and datelines.read_line(s) is None and (len(s.split()) <= 8 or _menu_line(s)):
            doc.furniture.append((start, end))  # banners and section labels above the title
        elif (_furniture_line(s) and start not in tabled) or (i < first_para and _masthead(s)) or s in site \
                or any(s in r for r in site if len(s) >= 4):
            doc.furniture.append((start, end))
        elif c["teaser"].match(s) and len(s.split()) <= 20 and not s.endswith(_PARA_END[:1]):
            doc.furniture.append((start, end))  # "Related: ...", one teaser link
        else:
            prefix = next((r for r in site if s.startswith(r)), None)
            if prefix:  # the site's name glued to the headline
                doc.furniture.append((lead, lead + len(prefix)))
    header_end = len(text)
    for i in nonempty:
        if i > title_i and len(lines[i][2].split()) >= 12:
            header_end = lines[i][0]
            break
    if title_i >= 0:  # the headline again (the page's title and its h1, a sticky header)
        head = lines[title_i][2].strip()
        doc.furniture.extend(lines[i][:2] for i in nonempty
                             if title_i < i and lines[i][2].strip() == head)
    _mark_tail(doc, lines, nonempty, title_i, header_end)
    doc.furniture.sort()
    return header_end


def _find_title(lines, candidates: list[int], html_title: str | None) -> tuple[int, str | None]:
    """(line index, headline): the page's headline, or (-1, None) for a wire story without one."""
    for i in candidates:
        line = lines[i][2].strip()
        if html_title:
            if line == html_title.strip():
                return i, html_title
            continue
        dl = datelines.read_line(line)
        if dl is not None and dl.shape == "run-in":
            return i, dl.headline  # "3 March 2031Kestrel-9 reaches Mars"
        if _title_like(line):
            later = [j for j in candidates if j > i and _title_like(lines[j][2].strip())]
            if later and _site_name(lines, i, line):
                continue  # the agency's or the site's name above the headline
            if later and any(_menu_line(lines[k][2]) and datelines.read_line(lines[k][2].strip()) is None
                             for k in range(i + 1, later[0])):
                continue  # a site's or a section's name above its menu, the headline below
            return i, line
    return -1, html_title or None


def _site_name(lines, i: int, line: str) -> bool:
    """A name standing alone on its line ("Federal Institute for Orbital Research") that the
    text below writes again inside a longer line: an organisation's masthead, not a headline."""
    if line[-1:] in "!?" or not line[:1].isupper():
        return False
    pattern = re.compile(rf"(?<![\w]){re.escape(line)}(?![\w])")
    return any(len(other) > len(line) + 10 and pattern.search(other)
               for _, _, other in lines[i + 1:])


# "About Orbital Systems", "About the European Space Agency": the boilerplate that presents the
# company or the agency, after the story (a line of its own)
_ABOUT = re.compile(r"(?:About|ABOUT) (?:the )?[A-Z][\w'’&.-]*(?: (?:of |for |and |the |de )?[A-Z][\w'’&.-]*){0,5}")


# a bulleted link to another story with its date after it, no sentence ("· Kestrel-2 reaches
# orbit    January 23, 2031", "- Agency signs accord — 14 March 2031")
_DATED_LINK = re.compile(r"[·•▪►\-–—*]\s+[^.!?]{10,160}?(?:\s{2,}|\s[-–—|]\s|\s\()"
                         r"(?:\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}"
                         r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})\)?\s*")


def _mark_tail(doc: Document, lines, nonempty: list[int], title_i: int, header_end: int) -> None:
    """Related lists, contacts and comments after a tail marker; the other items of a listing
    page (a second Title Case headline, as long as a headline, after the body began); teaser
    links inside the body."""
    from .nlp.layouts import item_start  # a list item as the layouts read one

    c = _cues()
    text = doc.text
    listing = bool(doc.title) and _title_case(doc.title)
    body_seen = False
    counts = Counter(_name_list(text))  # how often the page names each capitalised word
    blanked = {a for a, _ in doc.furniture}
    lead_colon = in_list = False
    for i in nonempty:
        start, _, line = lines[i]
        if i <= title_i or start in blanked:
            continue
        key = line.strip().lower().strip("[]()<>:#*|").strip()  # "[Related]", "## Related:"
        lead = key.split(":", 1)[0].strip() if ":" in key else None
        if len(key.split()) <= 6 and re.match(r"(?:more|latest) (?:from|on|in) ", key):
            lead = "more from"  # "More from Orbit News": the site's own list
        in_body = start >= header_end or header_end == len(text)  # (a text with no paragraph)
        about = in_body and body_seen and _ABOUT.fullmatch(line.strip()) is not None
        if in_body and (key in c["tail"] or (lead in c["tail"] and not c["teaser"].match(line)) or about):
            doc.furniture.append((start, len(text)))
            return
        s = line.strip()
        if start > header_end and body_seen and listing and _title_case(s) \
                and max(7, 0.6 * len(doc.title.split())) <= len(s.split()) <= 20 \
                and not s.endswith(_PARA_END) \
                and not re.match(r"^\w+\s*:", s) and not datelines.has_date(s) \
                and item_start(s) is None:  # a bulleted line is a list's item, not a headline
            doc.furniture.append((start, len(text)))  # the next item of a listing page
            return
        listed = item_start(s) is not None and (lead_colon or in_list)  # "The payloads are:" + items
        in_list = listed
        lead_colon = s.endswith(":")
        if start > header_end and not listed and datelines.read_line(s) is None and _inline_teaser(s, counts):
            doc.furniture.append((start, start + len(line)))
        elif start > header_end and _DATED_LINK.fullmatch(s):
            doc.furniture.append((start, start + len(line)))  # "· Kestrel-2 reaches orbit   May 3, 2031"
        if len(s.split()) >= 12:
            body_seen = True


def _find_published(doc: Document, header_end: int, html_date: str | None) -> None:
    """A date line wins: a page's date metadata, a date line near the top (published before
    updated, a date of the day last), or a wire dateline opening one of the first paragraphs.
    The date written on a date line is metadata, not a claim's time: it is blanked."""
    candidates: list[tuple[int, int, date, list[tuple[int, int]], tuple[int, int] | None]] = []
    date_only: list[tuple[int, int]] = []  # date lines (or their dates), all metadata
    if html_date:
        tv = parse_time(html_date[:10]) or parse_time(html_date)
        if tv and tv.granularity == "day":
            candidates.append((0, -1, tv.earliest, [], None))
    body = doc.body
    partial = None
    paragraphs = seen = 0
    day_first = datelines.writes_day_first(doc.text)
    for order, (start, end, line) in enumerate(_lines(doc.text)):
        if paragraphs >= 4 or seen > 60:
            break
        if not body[start:end].strip():
            continue
        seen += 1
        s = line.strip()
        lead = start + line.index(s)
        dl = datelines.read_line(s, day_first)
        if dl is not None and dl.date is not None:
            rank = 1 if dl.updated else 2 if dl.weekday else 0
            where = (lead + dl.span[0], lead + dl.span[1])
            # the date with its clock and zone, or the whole line (a byline's names stay)
            blank = [(start, end)] if dl.whole else [(where[0], lead + (dl.end or dl.span[1]))]
            candidates.append((rank, order, dl.date, blank, where))
            date_only.extend(blank)
            continue
        if len(s.split()) >= 8:
            paragraphs += 1
            wire = datelines.read_wire(s) if paragraphs <= 3 else None
            if wire is not None and wire.date is not None:
                where = (lead + wire.span[0], lead + wire.span[1])
                candidates.append((0, order, wire.date, [where], where))
            elif wire is not None and partial is None:
                partial = wire.partial
    if not candidates:
        candidates = _labelled_below(doc, day_first)
    if candidates:
        best = min(candidates, key=lambda c: c[:2])
        _, order, day, blank, doc.dateline = best
        doc.published, doc.published_basis = day, "stated"
        doc.furniture.extend(blank)
        if doc.title is None and order >= 0:  # no headline: short lines above the date are banners
            doc.furniture.extend((a, b) for i, (a, b, line) in enumerate(_lines(doc.text))
                                 if i < order and line.strip() and len(line.split()) <= 8)
        _mark_next_items(doc, order)
        # the other date lines (the date of the day, "Updated: ...") are page metadata too
        doc.furniture.extend(date_only)
        doc.furniture.sort()
    else:
        doc.dateline_partial = partial
        doc.undated = _why_undated(doc.text, partial)


def _labelled_below(doc: Document, day_first: bool) -> list:
    """A page with no date line above its text may print one below it, on a line of its own and
    with a label ("Last modified: 05/02/2018", "Published on 3 May 2031"); the first such line
    (a publication label before an update label) dates the page. Related items' bare dates do
    not."""
    body = doc.body
    out = []
    for order, (start, end, line) in enumerate(_lines(doc.text)):
        s = body[start:end].strip()
        if not s or len(s) > 80:
            continue
        dl = datelines.read_line(s, day_first)
        if dl is not None and dl.date is not None and dl.labelled and dl.whole:
            out.append((1 if dl.updated else 0, order, dl.date, [(start, end)], None))
    return out  # (the caller takes the best: a publication label, then the first line)


# a line that is only a relative time ("2 hours ago", "Updated yesterday")
_RELATIVE = re.compile(r"[\W_]*(?:(?:updated|posted|published|last updated)\s*:?\s*)?"
                       r"(?:(?:\d+|an?|one)\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago"
                       r"|yesterday|today|just now)\W*", re.IGNORECASE)
_NUMBER = re.compile(r"\b(?:no|n[°º]|nr|number)\.?\s*\d{1,4}\s*/\s*(?:19|20)\d\d\b", re.IGNORECASE)


def _why_undated(text: str, partial: str | None) -> str:
    """What a page that states no publication date shows instead, for the refusal's reason."""
    if partial:
        return f'a wire dateline without a year ("{partial}")'
    head = [line.strip() for line in text.split("\n")[:60] if line.strip()]
    short = [line for line in head if len(line.split()) <= 6]
    if relative := next((line for line in short if _RELATIVE.fullmatch(line)), None):
        return f'only a relative time ("{relative}"), with no date to count it from'
    if menu := next((line for line in head if datelines.has_date(line) and _menu_line(line)), None):
        return f'only the date of the day in a menu ("{menu[:60]}")'
    if number := next((m[0] for line in short if (m := _NUMBER.search(line))), None):
        return f'only a release number ("{number}"), which is no date'
    if any(re.search(r"©|\bcopyright\b", line, re.IGNORECASE) and re.search(r"\b(?:19|20)\d\d\b", line)
           for line in text.split("\n")):
        return "no date line (a copyright year is no publication date)"
    return "no date line"


def _mark_next_items(doc: Document, after: int) -> None:
    """A listing page: after the story's date line and its text, another headline with its own
    date line under it (or over it) starts the next item; from there on, the page is furniture."""
    body = doc.body
    lines = list(_lines(doc.text))
    text_seen = False
    previous = None
    for i in range(after + 1, len(lines)):
        start, end, line = lines[i]
        s = body[start:end].strip()
        if not s:
            continue
        dl = datelines.read_line(s) if text_seen else None
        if dl is not None and dl.date is not None and dl.shape == "line":
            if previous is not None and _title_like(lines[previous][2]):
                doc.furniture.append((lines[previous][0], len(doc.text)))
                return
            nxt = next((body[a:b] for a, b, _ in lines[i + 1:] if body[a:b].strip()), None)
            if dl.whole and nxt is not None and _title_like(nxt):  # a date line over a headline
                doc.furniture.append((start, len(doc.text)))
                return
        if len(s.split()) >= 12:
            text_seen = True
        previous = i
