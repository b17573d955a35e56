"""Docstring examples run (doctest), and the README's Python example runs."""

import doctest
import re

import pytest

import sfkg
import sfkg.api
import sfkg.temporal

from .conftest import ROOT


@pytest.mark.parametrize("module", [sfkg, sfkg.api, sfkg.temporal])
def test_docs_doctests(module):
    result = doctest.testmod(module, extraglobs={"sfkg": sfkg}, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


def test_docs_readme_python_example_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    block = re.search(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S).group(1)
    namespace = {}
    exec(compile(block.replace('".sfkg/store"', '"memory:"'), "README", "exec"), namespace)
    assert namespace["answer"].value == "2022-06"
