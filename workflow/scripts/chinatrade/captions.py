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
from chinatrade.exhibits.f4 import caption as f4
from chinatrade.exhibits.s1 import caption as s1
from chinatrade.exhibits.v1 import caption as v1

# caption.values of each exhibit module whose texts have fields, by module
VALUES = {
    "beyond": beyond.values,
    "f4": f4.values,
    "s1": s1.values,
    "v1": v1.values,
}


def caption(exhibit: dict, tables: dict[str, pd.DataFrame], text: dict) -> str:
    """The caption of ``exhibit`` (an entry of the report's parameters: id, module, spec) in
    the language of ``text`` (its texts), its fields filled from ``tables`` (by name: main
    and the extra tables)."""
    spec = {**exhibit["spec"], "text": text}
    compute = VALUES.get(exhibit["module"])
    values = compute(tables, spec) if compute else {}
    return texts.fill(text["caption"], values, f"{exhibit['id']}.caption")
