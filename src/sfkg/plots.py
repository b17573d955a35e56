"""Charts: the slip chart of a planned date (how it moved across reports) and a subject's
timeline. Both take the API's frames and return a matplotlib Figure (saved when given a path).

Slip chart: report date across, claimed date up. A claim to the day is a point; an imprecise one
a bar over its interval (a year is a bar); an open interval an arrow from its known end. Planned
claims are hollow, actual ones filled; the dashed diagonal is where the claimed date equals the
report date (a planned claim below it is overdue). Each claim is labelled by its source.
"""

from __future__ import annotations

from datetime import timedelta

import matplotlib
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure  # no pyplot: no screen needed, no global figure state

ARROW = timedelta(days=365)


def _source(doc: str) -> str:
    """A short name for a source: "003" for "003_d763cce60e32b853.txt", else the stem's start."""
    stem = doc.rsplit(".", 1)[0]
    head = stem.split("_", 1)[0]
    return head if "_" in stem and 0 < len(head) <= 8 else stem[:16]


def _subject_label(df: pd.DataFrame) -> str:
    s = df["s"].dropna()
    return s.iloc[0]["label"] if len(s) else "?"


def slip_chart(histories, path=None, ax=None):
    """One or more subjects' histories (frames of claims on one property) on one chart."""
    fig = ax.figure if ax is not None else Figure(figsize=(8, 5.5))
    ax = ax or fig.add_subplot(1, 1, 1)
    colours = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
    lo, hi = [], []
    for n, df in enumerate(histories):
        df = df[df["time"].notna()]
        colour = colours[n % len(colours)]
        label = _subject_label(df) if len(df) else f"subject {n + 1}"
        seen = set()
        for k, (_, r) in enumerate(df.iterrows()):
            x = r["published"]
            start, end = r["earliest"], r["latest"]
            filled = r["status"] == "actual"
            key = (x, r["time"])
            if key in seen:
                continue
            seen.add(key)
            lo += [x] + [v for v in (start, end) if pd.notna(v)]
            hi += [x] + [v for v in (start, end) if pd.notna(v)]
            if pd.notna(start) and pd.notna(end) and start != end:
                ax.vlines(x, start, end, colors=colour, linewidth=6, alpha=0.45,
                          label=f"{label} (interval)")
                y = start + (end - start) / 2
            elif pd.isna(start) or pd.isna(end):
                known = end if pd.isna(start) else start
                towards = known - ARROW if pd.isna(start) else known + ARROW
                ax.annotate("", xy=(x, towards), xytext=(x, known),
                            arrowprops={"arrowstyle": "->", "color": colour, "lw": 2})
                y = known
            else:
                y = start
            ax.scatter([x], [y], s=70, marker="o", edgecolors=colour, linewidths=2,
                       facecolors=colour if filled else "white", zorder=3,
                       label=f"{label}: {'actual' if filled else 'planned'}")
            ax.annotate(f"{_source(r['document'])}: {r['time']}", (x, y),
                        xytext=(6, 4 if k % 2 == 0 else -11),  # neighbours alternate above/below
                        textcoords="offset points", fontsize=7, color=colour)
    if lo:
        first, last = min(lo) - timedelta(days=120), max(hi) + timedelta(days=120)
        ax.plot([first, last], [first, last], linestyle="--", color="grey", linewidth=1,
                label="claimed = reported")
    _dedupe_legend(ax)
    ax.set_xlabel("reported on (publication date)")
    ax.set_ylabel("claimed date (valid time)")
    prop = histories[0]["p"].dropna().iloc[0] if len(histories) and len(histories[0]) else ""
    ax.set_title(f"Slip chart: {', '.join(_subject_label(h) for h in histories if len(h))} {prop}")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    fig.autofmt_xdate()
    fig.tight_layout()
    if path:
        fig.savefig(path, dpi=110)
    return fig


def timeline(df: pd.DataFrame, path=None, ax=None):
    """Every dated claim about a subject: one row per property, a bar over each claimed
    interval (filled actual, hatched planned), labelled by its source and report date."""
    df = df[df["time"].notna()].sort_values(["p", "published"])
    fig = ax.figure if ax is not None else Figure(figsize=(9, 1.2 + 0.5 * max(len(df), 1)))
    ax = ax or fig.add_subplot(1, 1, 1)
    rows = []
    for _, r in df.iterrows():
        start = r["earliest"] if pd.notna(r["earliest"]) else r["latest"] - ARROW
        end = r["latest"] if pd.notna(r["latest"]) else r["earliest"] + ARROW
        width = max((end - start).days, 3)
        y = len(rows)
        ax.barh(y, width, left=start, height=0.6, color="tab:blue" if r["status"] == "actual" else "white",
                edgecolor="tab:blue", hatch=None if r["status"] == "actual" else "//")
        ax.annotate(f"{_source(r['document'])} ({r['published'].date()})", (end, y), xytext=(4, -3),
                    textcoords="offset points", fontsize=7)
        rows.append(f"{r['p']}: {r['time']}")
    ax.set_yticks(range(len(rows)), rows)
    ax.invert_yaxis()
    ax.set_title(f"Timeline: {_subject_label(df) if len(df) else ''}")
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    fig.tight_layout()
    if path:
        fig.savefig(path, dpi=110)
    return fig


def _dedupe_legend(ax) -> None:
    handles, labels = ax.get_legend_handles_labels()
    seen = {}
    for h, lb in zip(handles, labels):
        if "(interval)" not in lb:
            seen.setdefault(lb, h)
    if seen:
        ax.legend(seen.values(), seen.keys(), fontsize=7, loc="upper left")
