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
