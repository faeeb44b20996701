"""Import a library without the optional dependencies it loads at import time for features
this workflow does not use.

Two libraries try an optional dependency when they are imported and do without it when it
cannot be imported: seaborn tries ``scipy.stats`` and ``scipy.cluster`` (for density
estimates and clustered heatmaps), and pandas' ``Styler`` (``DataFrame.style``) tries
``matplotlib.pyplot`` (for colour gradients). No figure here estimates a density or clusters,
and the report's tables use no gradient, yet those imports cost about 1 s of a figure job and
0.9 s of the report's kernel on the 2-core machine. :func:`import_without` imports the library
with those modules marked as not importable (``None`` in ``sys.modules``, which makes their
import fail) and unmarks them at once: a later import of them (statsmodels imports
``scipy.stats``) loads them as usual. Where they are loaded already (the run's warm
interpreter loads them all), it is a plain import. The figures and tables are byte for byte
the same either way: the end-to-end test that recovers a killed warm run with every job cold
compares them.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType


def import_without(module: str, optional: tuple[str, ...]) -> ModuleType:
    """Import ``module`` while the ``optional`` modules it tries at import cannot be
    imported (unless they are loaded already); afterwards they can be again."""
    if module in sys.modules:
        return sys.modules[module]
    hidden = [name for name in optional if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None
    try:
        return importlib.import_module(module)
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
