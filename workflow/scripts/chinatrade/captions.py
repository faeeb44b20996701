"""An exhibit's caption as the report shows it: its text with the years it names computed
from the exhibit's tables.

A caption (``workflow/report/text/<language>/exhibits/<ID>.yaml``, key ``caption``) writes the
years a series covers, or the year a panel ranks by, as fields (``{first}-{last}``); the
exhibit package's ``caption.values(tables, spec)`` computes them from the tables the exhibit
wrote on this run, so that a new vintage with a later year changes the words with the
numbers. The figure jobs fill the source notes and titles they draw from the same function.
Every language's text has the same fields (chinatrade/texts.py); a field the exhibit does not
compute stops the report naming the text's id.
"""

from __future__ import annotations

import pandas as pd

from chinatrade import texts
from chinatrade.exhibits.beyond import caption as beyond
from chinatrade.exhibits.f1 import caption as f1
from chinatrade.exhibits.f2 import caption as f2
from chinatrade.exhibits.f3 import caption as f3
from chinatrade.exhibits.f4 import caption as f4
from chinatrade.exhibits.f5 import caption as f5
from chinatrade.exhibits.f6 import caption as f6
from chinatrade.exhibits.f7 import caption as f7
from chinatrade.exhibits.m1 import caption as m1
from chinatrade.exhibits.s1 import caption as s1
from chinatrade.exhibits.v1 import caption as v1

# caption.values of each exhibit module whose texts have fields, by module
VALUES = {
    "beyond": beyond.values,
    "f1": f1.values,
    "f2": f2.values,
    "f3": f3.values,
    "f4": f4.values,
    "f5": f5.values,
    "f6": f6.values,
    "f7": f7.values,
    "m1": m1.values,
    "s1": s1.values,
    "v1": v1.values,
}


def values(exhibit: dict, tables: dict[str, pd.DataFrame], text: dict) -> dict[str, object]:
    """The values the texts of ``exhibit`` (an entry of the report's parameters: id, module,
    spec) name, computed from its ``tables`` (by name: main and the extra tables) in the
    language of ``text`` (its texts); none for a module whose texts have no fields."""
    compute = VALUES.get(exhibit["module"])
    return compute(tables, {**exhibit["spec"], "text": text}) if compute else {}


def caption(exhibit: dict, tables: dict[str, pd.DataFrame], text: dict) -> str:
    """The caption of ``exhibit`` in the language of ``text``, its fields filled."""
    return texts.fill(text["caption"], values(exhibit, tables, text), f"{exhibit['id']}.caption")
