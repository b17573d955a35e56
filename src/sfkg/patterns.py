"""Pattern files (titles, demonyms, triggers, cues) loaded once from ``sfkg/patterns``."""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from . import paths


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    return yaml.safe_load((paths.patterns_dir() / f"{name}.yaml").read_text(encoding="utf-8"))


def title_key(written: str) -> str:
    """"Vice-Administrator", "vice administrator" -> "vice administrator"."""
    return re.sub(r"[\s-]+", " ", written.lower()).strip()


@lru_cache(maxsize=1)
def titles() -> dict[str, str]:
    """written form (``title_key``) -> canonical title."""
    out = {}
    for canonical, forms in load("titles")["titles"].items():
        for form in forms:
            out[title_key(form)] = canonical
    return out


def demonyms() -> dict[str, str]:
    return {k.lower(): v for k, v in load("places")["demonyms"].items()}
