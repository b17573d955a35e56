"""The notebook runs top to bottom, draws its charts, and agrees with the API and the CLI."""

import json
from datetime import date

import nbformat
import pytest
from nbclient import NotebookClient
from typer.testing import CliRunner

from sfkg.cli import app

from .conftest import ROOT


@pytest.fixture(scope="module")
def executed():
    nb = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    return nb


def test_notebook_runs_and_draws_its_charts(executed):
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 4  # SVOM, Chang'e 6, both, the timeline


def test_notebook_api_and_cli_give_the_same_answers(executed, seeds_kg, tmp_path):
    last = executed.cells[-1].outputs[0]["text"]
    from_notebook = json.loads(last)
    store = str(tmp_path / "kg")
    runner = CliRunner()
    assert runner.invoke(app, ["--store", store, "ingest", str(ROOT / "seeds")]).exit_code == 0
    for row in from_notebook:
        on = row["on"]
        from_api = seeds_kg.asof("SVOM", "launch", date.fromisoformat(on)).as_dict()
        from_cli = json.loads(runner.invoke(app, ["--store", store, "asof", "SVOM", "launch", "--on", on,
                                                  "--format", "json"]).stdout)
        assert row == from_api == from_cli
