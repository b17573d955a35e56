"""Where sfkg finds its data files: the ontology, the shapes and the reference entities.

They live at the top of the repository (``ontology/``, ``shapes/``, ``data/reference/``) so that
other tools can use them; ``SFKG_HOME`` points elsewhere when sfkg is installed without them.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def home() -> Path:
    env = os.environ.get("SFKG_HOME")
    return Path(env) if env else PACKAGE.parents[1]


def ontology_file() -> Path:
    return home() / "ontology" / "sfkg.ttl"


def shapes_dir() -> Path:
    return home() / "shapes"


def reference_dir() -> Path:
    return home() / "data" / "reference"


def patterns_dir() -> Path:
    return PACKAGE / "patterns"


def queries_dir() -> Path:
    return PACKAGE / "queries"


ROOT_MARKERS = (".sfkg", ".git")


def project_root(path: Path) -> Path | None:
    """The nearest folder above ``path`` that holds ``.sfkg`` (sfkg's default store) or ``.git``."""
    for parent in path.parents:
        if any((parent / m).exists() for m in ROOT_MARKERS):
            return parent
    return None


def identity(path: str | Path, url: str | None = None) -> str:
    """A document's identity: its sidecar's ``url`` when given; else its path, relative to the
    project folder (the nearest one above it holding ``.sfkg`` or ``.git``), or absolute when it
    lies in no project. Two folders never share an identity, and moving a whole project (its
    store with it) keeps every identity."""
    if url:
        return str(url)
    p = Path(os.path.abspath(path))
    root = project_root(p)
    return p.relative_to(root).as_posix() if root is not None else p.as_posix()
