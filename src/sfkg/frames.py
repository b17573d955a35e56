"""pandas views of the API's rows: typed columns (dates as datetime64), and back to JSON rows.

Entity columns hold entity references (dicts with iri, label, labels, type); ``records`` turns
a frame back into the CLI's JSON rows, so the API and the CLI give the same answers.
"""

from __future__ import annotations

import pandas as pd

DOCUMENT_COLUMNS = ["document", "title", "published", "published_basis", "sha256", "claims"]
ENTITY_COLUMNS = ["iri", "type", "label", "labels", "documents"]
CLAIM_COLUMNS = ["document", "published", "s", "p", "time", "status", "earliest", "latest", "o",
                 "post", "org", "parties", "signatories", "participants", "place", "title",
                 "evidence", "char_start", "char_end", "iri"]
CONFLICT_COLUMNS = ["subject", "property", "times", "claims", "moves", "slip_days"]
DATE_COLUMNS = ("published", "earliest", "latest")


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    for c in DATE_COLUMNS:
        if c in df:
            df[c] = pd.to_datetime(df[c], format="%Y-%m-%d")
    for c in ("claims", "char_start", "char_end", "moves"):
        if c in df and df[c].notna().all() and pd.api.types.is_numeric_dtype(df[c]):
            df[c] = df[c].astype("int64")
    return df


def records(df: pd.DataFrame) -> list[dict]:
    """The frame as JSON rows again (dates as ISO strings, missing values as None)."""
    out = []
    for row in df.to_dict(orient="records"):
        for k, v in row.items():
            if isinstance(v, pd.Timestamp):
                row[k] = v.date().isoformat()
            elif v is pd.NaT or (isinstance(v, float) and pd.isna(v)):
                row[k] = None
            elif hasattr(v, "item") and not isinstance(v, (list, dict, str)):
                row[k] = v.item()
        out.append(row)
    return out


class History(pd.DataFrame):
    """The claims on one subject's property, by report date; ``plot()`` draws its slip chart."""

    @property
    def _constructor(self):
        return History

    def plot(self, path=None, ax=None, others=()):  # noqa: D401 - the slip chart, not pandas' plot
        """The slip chart: report date across, claimed date up (see :func:`sfkg.plots.slip_chart`);
        ``others`` adds the histories of more subjects to the same chart."""
        from .plots import slip_chart

        return slip_chart([self, *others], path=path, ax=ax)


class Timeline(pd.DataFrame):
    """The dated claims on one subject; ``plot()`` draws its timeline."""

    @property
    def _constructor(self):
        return Timeline

    def plot(self, path=None, ax=None):  # noqa: D401
        from .plots import timeline

        return timeline(self, path=path, ax=ax)
