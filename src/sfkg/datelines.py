"""Date lines: the shapes in which a page states when it was published.

A date line is a line that holds a date and nothing else but what goes with a date on a page:
a label ("Published on", "UPDATED:", "Date :"), a place and a wire service ("lima, Peru (AFP)
Mar 3, 2031"), a clock time and zone ("3 Mar 2031, 08:00 GMT+10", "(Wire) 13:51, March 3,
2031"), a byline ("Mar 03, 2031 by NAME", "Editor: NAME | Mar 3, 2031"), or the headline run
into it ("3 March 2031Kestrel-9 orbiter reaches Mars"). A wire dateline opens the first
paragraph ("NAIROBI, 3 March 2031 (Agency News) -", "LIMA (Wire / Agency - 3rd March, 2031)");
one without a year ("QUITO, March 3 (Wire) --") gives month and day only.

A date among other words (the date of the day in a masthead, after the menu and the social
links) is no date line, and a copyright year is no date. Cue words are in
``patterns/furniture.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from . import patterns
from .temporal import MONTHS, WEEKDAYS, parse_time


@dataclass(frozen=True)
class DateLine:
    date: date | None  # the date stated (None: a wire dateline without a year)
    partial: str | None  # "March 3" of "QUITO, March 3 (Wire) --"
    span: tuple[int, int]  # where the date is written, offsets in the line
    whole: bool  # nothing on the line but the date, its label and its time
    updated: bool  # an "Updated" label: the date the page changed, not its first publication
    shape: str  # "line" | "run-in" | "wire"
    headline: str | None = None  # the headline a run-in date is glued to
    weekday: bool = False  # a weekday before the date and no label: maybe the date of the day
    end: int | None = None  # where the date and its clock, zone or reading time end (None: span's)
    labelled: bool = False  # a label before the date ("Published on", "Last modified:")


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _rx() -> dict[str, re.Pattern]:
    cues = patterns.load("furniture")
    month = rf"(?i:(?:{_alt(list(MONTHS) + list(cues['foreign_months']))})\.?)"
    weekday = rf"(?i:(?:{_alt(WEEKDAYS)})\.?,?\s+)"
    ordinal = r"(?:(?i:st|nd|rd|th|er)|\.(?=\s))?"  # "3rd", "1er", "3. März"
    of = r"(?i:of|de|del)"  # "3rd of March", "14 de marzo de 2031"
    year = r"(?:1[89]\d\d|20\d\d)"
    full = (
        rf"(?:{year}\s*[-./]\s*\d{{1,2}}\s*[-./]\s*\d{{1,2}}(?!\d)"
        rf"|\d{{1,2}}[-./]\d{{1,2}}[-./]{year}"
        rf"|{year}年\d{{1,2}}月\d{{1,2}}日"
        rf"|{weekday}?\d{{1,2}}{ordinal}[\s-]+(?:{of}\s+)?{month}[\s,-]+(?:{of}\s+)?{year}"
        rf"|{weekday}?{month}\s*\d{{1,2}}{ordinal}\s*,?\s*{year})(?!\d)"
    )
    partial = rf"(?:{month}\s*\d{{1,2}}{ordinal}|\d{{1,2}}{ordinal}\s+{month})(?![\w])"
    zones = _alt(cues["time_zones"]) + r"|星期[一二三四五六日天]|周[一二三四五六日]"
    clock = (rf"\d{{1,2}}[:.h]\d{{2}}(?::\d{{2}})?(?:\s*(?i:[ap]\.?m\.?))?"
             rf"(?:\s*\(?(?i:{zones})\)?(?![\w]))?(?:\s*[+-]\s*\d{{1,2}}(?::?\d{{2}})?)?"
             rf"(?:\s*(?i:{_alt(cues['clock_after'])})(?![\w]))?")
    at = rf"(?:(?i:{_alt(cues['clock_before'])})\s+)"  # "à 10h30", "alle 12:00", "at 9:00"
    read = (r"\d{1,3}\s*(?i:min(?:ute)?s?|m)\.?\s+(?i:read)"  # "5 min read"
            r"|\d[\d,.]*\s*(?i:views?|likes?|comments?|shares?|reads?)(?![\w])")  # "1811 views 32 likes"
    # a release's number after its date ("RELEASE 21-044", "No. 12/2031")
    number = r"(?i:(?:press\s+)?release(?:\s+(?:no\.?|number|#))?|no\.|ref\.?)\s*:?\s*[\w/.\-]{1,20}"
    labels = cues["date_labels"]
    label = _alt(labels["published"] + labels["updated"])
    byline = _alt(cues["byline_fields"])
    word = r"[A-Za-z][\w'.\-]*"
    staff = r"(?i:by)\s+(?i:staff\s+(?:writers?|reporters?))\s+"  # "by Staff Writers Paris (SPX) ..."
    place = rf"{word}(?:\s+{word}){{0,3}}?(?:\s*,\s*(?:the\s+)?[A-Z][\w'.\-]*(?:\s+[A-Z][\w'.\-]*){{0,2}}){{0,2}}"
    return {
        "line": re.compile(
            rf"^[\s\-–—•·|*>(\[]*"
            rf"(?P<crumbs>(?:[A-Z][\w&'.,\- ]{{0,40}}?\s+[/>»›]\s+){{1,5}})?"  # "Home > News > 3 May 2031"
            rf"(?:(?P<label>(?i:{label}))\s*[:：|\-–—]?\s*"
            rf"(?:(?i:in)\s+[^|,:\n]{{1,30}}?\s+(?=(?i:on)\s))?)?"  # "Posted in News on 3 May 2031"
            rf"(?P<byline>(?i:{byline})\b\s*:?[^|·•丨\n]{{0,60}}?[|·•丨]\s*"
            rf"(?:[^|·•丨\n:]{{1,40}}?[|·•丨]\s*)?"  # "By NAME | China Daily | Updated: ..."
            rf"|(?i:by)\s+[^|\n]{{1,40}}?\s+(?:(?i:on)\s+|(?=(?i:{label})\b))"  # "By NAME published 3 May 2031"
            rf"|{staff})?"
            rf"(?:(?P<label2>(?i:{label}))\s*[:：|\-–—]?\s*)?"  # "By NAME | Published 3 May 2031"
            rf"(?:(?P<place>{place})\s*(?=[,(|\-–—•·]))?"
            rf"(?:,\s*)?(?:\((?P<agency>[^()]{{1,40}})\)\s*)?"
            rf"(?:[,:|\-–—•·]\s*)?"
            rf"(?:(?i:le|the|on|am|el|il|em)\s+)?(?:(?P<clock1>{clock}(?:\s*\(\s*{clock}\s*\))?)\s*,?\s*)?"
            rf"(?P<date>{full})(?P<rest>.*)$"),
        "rest": re.compile(
            rf"^(?:\s*[,|·•\-–—]?\s*(?:{at}?T?{clock}|\(?(?i:{zones})\)?(?![\w])|{read}))*"
            rf"\s*(?:[|·•丨,\-–—]?\s*(?i:by)\s+\S.{{0,80}}|[|丨].*|{number}|(?i:age)\s*:.*|(?:来源|(?i:source))\s*[:：].{{1,60}}"
            rf"|[-–—]\s*[A-Z][A-Za-z&'-]*(?:\s+[A-Z][A-Za-z&'-]*){{0,2}}"  # "26/06/2031 - PRESS RELEASE"
            rf"|[A-Z][a-z]+"  # "March 3, 2031 Spaceflight": one section word
            rf"|(?i:{byline})\s*[:：].{{1,80}}"  # "2031-03-03 Author: NAME"
            rf"|[.,]?\s*(?i:{label})\s*[:：]?\s*(?:(?i:on|le|am|el|il|em)\s+)?{full}.*)?[\s.,;:|)\]\-–—]*$"),
        "second": re.compile(rf"\s*[,|·•.\-–—]?\s*(?i:{label})\s*[:：]?\s*(?:(?i:on|le|am|el|il|em)\s+)?"
                             rf"{full}"),
        "paren": re.compile(rf"^\(\s*[^()]{{1,60}}?\s*[-–—,]\s*(?P<date>{full})\s*\)\s*$"),
        "wire": re.compile(
            rf"^(?:{staff})?"
            rf"(?P<place>[A-Z][A-Za-z'.\-]*(?:[ /][A-Z][A-Za-z'.\-]*){{0,3}}"
            rf"(?:,\s*(?:the\s+)?[A-Z][A-Za-z'.\-]+(?:\s[A-Z][A-Za-z'.\-]+){{0,2}}){{0,2}})"
            rf"(?:\s*(?:[,.]|--|[-–—])\s*(?P<date>{full}|{partial})\s*"
            rf"(?:\((?P<agency>[^()]{{1,40}})\)|/(?P<slash>[^/\s][^/]{{0,39}})/)?"  # "(AFP)", "/PRNewswire/"
            rf"\s*\.?\s*(?:--|[-–—:])"  # "(EFE).-"
            rf"|\s*--\s*\((?P<agency3>[^()]{{1,40}})\)\s*--\s*(?P<date3>{full})\s*--"  # "--(WIRE)--date--"
            rf"|\s*\((?P<agency2>[^()]{{1,60}}?)\s*[-–—,]\s*(?P<date2>{full})\s*\)\s*(?:--|[-–—:])?"
            rf"|\s*\((?P<agency4>[A-Za-z][A-Za-z./ ]{{0,20}})\)\s*(?P<date4>{full})\s*(?:--|[-–—:])?)"  # "X (SPX) May 3, 2031 - ..."
            rf"\s*(?=\S)"),
        "timing": re.compile(rf"(?:\s*[,|·•\-–—]?\s*(?:{at}?T?{clock}|\(?(?i:{zones})\)?(?![\w])"
                             rf"|{read}))*"
                             rf"[\s.,;:|)\-–—]*"),
        "any": re.compile(rf"(?<![\w]){full}"),
        "published": re.compile(rf"(?i:{_alt(labels['published'])})\s*[:：]?\s*(?P<date>{full})"),
        "updated": re.compile(rf"^(?i:{_alt(labels['updated'])})$"),
        "headline": re.compile(r"^[A-Z0-9\"“‘'][^\n]*\w"),
    }


def parse_date(token: str, day_first: bool = False) -> date | None:
    """The day a date token names ("03.03.2031", "3rd March, 2031", "2031年3月3日").

    "05/04/2031" is 4 May (month first) unless ``day_first`` (a line in a language that writes
    the day first: 5 April)."""
    foreign = patterns.load("furniture")["foreign_months"]
    if day_first and (m := re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", token)):
        token = f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    token = re.sub(r"[^\W\d_]+", lambda w: foreign.get(w[0].lower(), w[0]), token)
    token = re.sub(r"(?i)(?<=\d)\.(?=\s+[^\W\d_])|\b(?:de|del)\b", " ", token)  # "3. März", "de"
    if m := re.fullmatch(r"\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*", token):
        token = f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    token = re.sub(r"\s*([-./])\s*", r"\1", token) if re.match(r"\s*\d{4}\s*[-./]", token) else token
    tv = parse_time(token)
    return tv.earliest if tv is not None and tv.granularity == "day" else None


def read_line(line: str, page_day_first: bool = False) -> DateLine | None:
    """The date line that ``line`` is, or None (a sentence, a masthead, a menu).
    ``page_day_first``: the page writes the day before the month ("3 May"), so an ambiguous
    "02/05/2024" is 2 May."""
    rx = _rx()
    if len(line) > 200 or not re.search(r"\d", line):
        return None
    day_first = _day_first(line) or page_day_first
    if p := rx["paren"].match(line):  # "(CNSA / Xinhua - 17th December, 2020)": a source line
        day = parse_date(p["date"], day_first)
        return DateLine(day, None, p.span("date"), False, False, "line") if day else None
    m = rx["line"].match(line)
    if not m:
        return _glued_or_named(line, day_first)
    day = parse_date(m["date"], day_first)
    if day is None:
        return None
    rest = m["rest"]
    given = m["label"] or m["label2"]
    updated = bool(given and rx["updated"].match(given.strip()))
    span = m.span("date")
    if updated and (p := rx["published"].search(rest)) and parse_date(p["date"], day_first):
        # "Updated: 5 May 2031 | Published: 3 May 2031": the line also says when it was published
        day, updated = parse_date(p["date"], day_first), False
        span = (m.start("rest") + p.start("date"), m.start("rest") + p.end("date"))
    place = m["place"] if m["place"] and not is_date_word(m["place"]) else None  # "Wednesday,"
    if rx["rest"].match(rest):
        timing = rx["timing"].match(rest).end()
        # a second label and date ("| Published 3 May 2031", ". Last updated on 5 May 2031")
        second = rx["second"].match(rest, timing)
        dated = rx["timing"].fullmatch(rest, second.end()) if second else None
        only_date = not (place or m["agency"] or m["byline"]) and (
            timing == len(rest) or dated or _WIDGETS.fullmatch(rest, timing))
        weekday = not given and any(is_date_word(w) and w.strip(".,").lower() in WEEKDAYS
                                         for w in line[:span[0] + 12].split())
        return DateLine(day, None, span, bool(only_date), updated, "line", weekday=weekday,
                        end=m.start("rest") + timing, labelled=bool(given))
    glued = rest[:1].isalpha() and rest[:1].isupper()  # "3 March 2031Kestrel-9 reaches Mars"
    if glued and not (given or place or m["agency"] or m["byline"] or m["clock1"]) \
            and rx["headline"].match(rest) and len(rest.split()) >= 2:
        return DateLine(day, None, span, False, False, "run-in", rest.strip())
    return None


# what a news page prints after its date on the same line: the source and the page's widgets
# ("Source: CNSA  【Font: Large Medium Small】 [Print] [Close]")
_WIDGETS = re.compile(r"\s*(?:(?i:source|来源)\s*[:：]\s*[\w .&'-]{1,40}?)?(?:\s*[【\[][^】\]\n]{1,40}[】\]])*\s*")


_GLUED_END = re.compile(r"(?P<head>[A-Z0-9\"“‘'][^\n]*?[A-Za-z)])(?P<date>\d{4}-\d{1,2}-\d{1,2})\s*")
_NAMED = re.compile(r"(?P<name>[A-Z][\w'’.-]+(?:[ ][A-Z][\w'’.-]+){1,3})[ \t]{2,}(?P<date>[^|]{6,40}?)\s*")


def _glued_or_named(line: str, day_first: bool) -> DateLine | None:
    """"Kestrel-9 lifts off with a camera on Board2031-06-24": a date glued to the end of the
    headline; "Ann Lee    September 9, 2031": an author's name and the date, apart."""
    if (g := _GLUED_END.fullmatch(line)) and len(g["head"].split()) >= 4:
        day = parse_date(g["date"], day_first)
        if day is not None:
            return DateLine(day, None, g.span("date"), False, False, "run-in", g["head"].strip())
    if (n := _NAMED.fullmatch(line)) and not is_date_word(n["name"].split()[0]):
        day = parse_date(n["date"], day_first)
        if day is not None:
            return DateLine(day, None, n.span("date"), False, False, "line", end=n.end("date"))
    return None


def writes_day_first(text: str) -> bool:
    """Whether a page writes dates day first ("3 May", "17th December", "31/01/2018") more often
    than month first ("May 3", "01/31/2018")."""
    month = _alt(MONTHS)
    before = len(re.findall(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?i:{month})\b", text))
    after = len(re.findall(rf"(?<!Long )\b(?i:{month})\.?\s+\d{{1,2}}(?![\d:])", text))  # not "Long March 5"
    for a, b in re.findall(r"\b(\d{1,2})[/.](\d{1,2})[/.](?:19|20)\d\d\b", text):
        before += int(a) > 12 >= int(b)  # "31/01/2018": only a day comes first
        after += int(b) > 12 >= int(a)  # "01/31/2018"
    return before > after


def _day_first(line: str) -> bool:
    """A line in a language that writes the day before the month: a letter outside ASCII
    ("Publié le", "2031年"), or a word of ``day_first_words`` ("Fecha:", "Publicado em")."""
    if not line.isascii() and any(c.isalpha() and ord(c) > 127 for c in line):
        return True
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", line)}
    return bool(words & frozenset(patterns.load("furniture")["day_first_words"]))


def read_wire(paragraph: str) -> DateLine | None:
    """The wire dateline that opens ``paragraph`` ("QUITO, Mar. 3 (Wire) -- ..."), or None."""
    m = _rx()["wire"].match(paragraph[:240])
    if not m:
        return None
    for group in ("date2", "date3", "date4"):
        if m[group]:
            day = parse_date(m[group])
            return DateLine(day, None, m.span(group), False, False, "wire") if day else None
    if not (m["agency"] or m["slash"]) and not re.search(r"(--|[-–—])\s*$", m.group(0)):
        return None
    day = parse_date(m["date"])
    if day is not None:
        return DateLine(day, None, m.span("date"), False, False, "wire")
    if parse_time(m["date"], date(2000, 1, 1)) is None:
        return None
    return DateLine(None, m["date"].strip(), m.span("date"), False, False, "wire")


def is_date_word(word: str) -> bool:
    """A month or weekday name ("Mar", "Wednesday,")."""
    w = word.strip(".,;:()").lower()
    return w in MONTHS or w in WEEKDAYS


def has_date(text: str) -> bool:
    """Whether ``text`` writes a full date anywhere."""
    return bool(_rx()["any"].search(text))
