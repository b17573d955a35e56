"""The slip chart draws the claims where they belong (checked on the figure's artists)."""

from datetime import date

import matplotlib.dates as mdates
import numpy as np
from typer.testing import CliRunner

from sfkg.cli import app

from .conftest import SEEDS


def _num(d):
    return mdates.date2num(np.datetime64(d))


def test_plots_svom_slip_chart_shows_the_three_claims(seeds_kg):
    fig = seeds_kg.history("SVOM", "launch").plot()
    ax = fig.axes[0]
    points = []
    for coll in ax.collections:
        for (x, y), face in zip(coll.get_offsets(), coll.get_facecolors()):
            points.append((round(x), round(y), "filled" if face[:3].tolist() != [1, 1, 1] else "hollow"))
    assert (round(_num("2024-07-13")), round(_num("2024-06-22")), "filled") in points
    assert (round(_num("2019-06-05")), round(_num("2021-07-02")), "hollow") in points  # mid-2021
    assert (round(_num("2020-10-02")), round(_num("2022-06-15")), "hollow") in points  # mid June 2022
    bars = [seg for coll in ax.collections if hasattr(coll, "get_segments") for seg in coll.get_segments()]
    spans = {(round(s[0][0]), round(s[0][1]), round(s[1][1])) for s in bars}
    assert (round(_num("2019-06-05")), round(_num("2021-01-01")), round(_num("2021-12-31"))) in spans
    diagonal = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert diagonal and list(diagonal[0].get_xdata()) == list(diagonal[0].get_ydata())
    labels = {t.get_text() for t in ax.texts}
    assert {"001: 2021", "003: 2022-06", "004: 2024-06-22"} <= labels


def test_plots_several_subjects_and_cli(seeds_kg, tmp_path):
    fig = seeds_kg.history("SVOM", "launch").plot(others=[seeds_kg.history("Chang'e 6", "launch")])
    legend = {t.get_text() for t in fig.axes[0].get_legend().get_texts()}
    assert {"SVOM: planned", "SVOM: actual", "Chang'e 6: planned", "Chang'e 6: actual"} <= legend
    store = str(tmp_path / "kg")
    runner = CliRunner()
    assert runner.invoke(app, ["--store", store, "ingest", str(SEEDS)]).exit_code == 0
    out = tmp_path / "slip.svg"
    r = runner.invoke(app, ["--store", store, "history", "SVOM", "launch", "--plot", str(out),
                            "--subject", "Chang'e 6"])
    assert r.exit_code == 0 and out.read_text().startswith("<?xml") and "Chang" in out.read_text()


def test_plots_timeline(seeds_kg):
    fig = seeds_kg.timeline("Chang'e 6").plot()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "launch: 2023" in labels and "sample_return: 2023/2024" in labels
    assert seeds_kg.asof("SVOM", "launch", date(2020, 12, 31)).value == "2022-06"
