"""No rule in src/ names a seed's entity, date or phrase: those live in data files and tests."""

import re

from .conftest import ROOT

SEED_WORDS = re.compile(
    r"svom|cfosat|chang.e.?[0-9]|\bdorn\b|le gall|zhang kejian|zhang jianhua|2022-06|june 2022|"
    r"2023-2024|isu mss|eusi banner|sidus|lizziesat|macron|xi jinping|\bw3c\b|elys[eé]e|glasgow|"
    r"le bourget|\birap\b|matra|parabolic arc|messier|cardiospace|2018-10|2019-03-25|2024-06-22",
    re.I)


def test_generality_src_names_no_seed():
    hits = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
            for p in (ROOT / "src").rglob("*.py")
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if SEED_WORDS.search(line)]
    assert hits == []
