"""Labels and wording shared by the tables and the figures: column labels, the sample and the
standard errors in words.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

import pandas as pd

from chinatrade import i18n
from chinatrade.analysis.regress.spec import _is_range, _plain
from chinatrade.i18n import tr

# a column's unit suffix -> its label template ({name}: the rest of the name, in words)
UNIT_LABELS = {
    "_usd_millions": "{name} (USD million)",
    "_usd_billions": "{name} (USD billion)",
    "_usd_thousands": "{name} (USD thousand)",
    "_usd_100m": "{name} (USD 100 million)",
    "_pct": "{name} (%)",
    "_share": "{name} (share)",
}


def label_of(name: str, spec: Mapping) -> str:
    """The spec's label for a column, else the name with its unit suffix spelt out.

    In the reader's language (:func:`chinatrade.i18n.tr`): the spec's label is looked up as
    it stands; a label made from the name translates the name in words and its unit apart.
    """
    labels = spec.get("labels") or {}
    if name in labels:
        return labels[name]
    for suffix, unit in UNIT_LABELS.items():
        if name.endswith(suffix):
            return tr(unit, name=tr(name[: -len(suffix)].replace("_", " ")))
    if "_share_of_" in name:
        return tr("{name} (fraction)", name=tr(name.replace("_", " ")))
    return tr(name.replace("_", " "))


def _column(name: str, spec: Mapping) -> str:
    """A column where the English text names it as it is (``year``, ``total_trade_usd_millions``);
    in another language its label, since a column name is no word of that language."""
    return name if i18n.current() == i18n.SOURCE_LANGUAGE else label_of(name, spec)


def _listing(items: Iterable[str]) -> str:
    """Items joined as a list in the reader's language ("a, b, c"; in Chinese "a、b、c")."""
    return functools.reduce(lambda done, item: tr("{items}, {item}", items=done, item=item), items)


def _clauses(parts: Iterable[str]) -> str:
    """Clauses joined by semicolons in the reader's language ("a; b"; in Chinese "a；b")."""
    return functools.reduce(lambda done, part: tr("{parts}; {part}", parts=done, part=part), parts)


def _value_text(value) -> str:
    """A value of a sample filter as shown: booleans in words, the rest as they are."""
    value = _plain(value)
    return tr(str(value)) if isinstance(value, bool) else str(value)


def _sample_text(sample: Mapping, spec: Mapping) -> str:
    """:func:`describe_sample` for the reader: the same words in English, translated else."""
    if not sample:
        return tr("all rows")
    parts = []
    for name, values in sample.items():
        if _is_range(values):
            parts.append(
                tr(
                    "{name} in [{low}, {high}]",
                    name=_column(name, spec),
                    low=_plain(values[0]),
                    high=_plain(values[1]),
                )
            )
        else:
            parts.append(
                tr(
                    "{name} in {{{values}}}",
                    name=_column(name, spec),
                    values=", ".join(_value_text(v) for v in values),
                )
            )
    return _clauses(parts)


def _se_text(row: pd.Series, spec: Mapping) -> str:
    if row["se_type"] == "cluster":
        return tr("clustered by {cluster}", cluster=label_of(row["cluster_variable"], spec))
    return tr({"HC1": "robust (HC1)", "nonrobust": "conventional"}[row["se_type"]])
