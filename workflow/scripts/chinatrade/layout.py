"""The report's layout helpers: what is printed once and what is folded.

Each claim's table row is printed once (the appendix); an exhibit names its claims' verdicts
in one line. Detail a reader may want but need not read (coefficient tables with their notes,
the claims by verdict) is folded in an HTML ``<details>`` element.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

import pandas as pd

from chinatrade.i18n import tr
from chinatrade.summary import claims_view, listing, verdict_label

WHY_COLUMN = "why, and the data used"


def folded(summary_text: str, body_html: str) -> str:
    """``body_html`` folded under a one-line summary (an HTML details element)."""
    return f"<details><summary>{html.escape(summary_text)}</summary>{body_html}</details>"


def claims_line(replication: pd.DataFrame, exhibit: str) -> str:
    """'C07 reproduced, C08 differs, ...' for the claims computed in ``exhibit`` ("" if none)."""
    rows = replication[replication["computed_in"] == exhibit]
    return (
        listing(
            tr("{id} {verdict}", id=r.claim_id, verdict=verdict_label(r.verdict))
            for r in rows.itertuples()
        )
        if not rows.empty
        else ""
    )


def claims_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The claims' table (:func:`chinatrade.summary.claims_view`) with an explanation that an
    earlier row already gives replaced by a pointer to that row: printed once."""
    view = claims_view(rows)
    first_of: dict[str, str] = {}
    why = []
    for claim_id, text in zip(view["id"], view[WHY_COLUMN], strict=True):
        if text in first_of:
            why.append(tr("as for {id}", id=first_of[text]))
        else:
            first_of[text] = claim_id
            why.append(text)
    return view.assign(**{WHY_COLUMN: why})


def image_html(path: str, alt: str) -> str:
    """A PNG embedded in the page (data URI), to be folded with its table."""
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" style="max-width:100%">'
    )


def folded_table(caption_markdown: str, table_html: str) -> str:
    """A table folded under its caption ('**Table F1.** Balance ...'), the caption's bold
    label kept."""
    label, _, rest = caption_markdown.removeprefix("**").partition("**")
    if not rest:  # a caption without a bold label
        return folded(caption_markdown, table_html)
    summary_html = f"<strong>{html.escape(label)}</strong>{html.escape(rest)}"
    return f"<details><summary>{summary_html}</summary>{table_html}</details>"
