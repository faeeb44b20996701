"""One module per exhibit of the study: computation and figure."""

from __future__ import annotations

import importlib
import sys


def plot_on_first_use(package: str):
    """A module ``__getattr__`` for an exhibit package: its ``plot`` (the figure, from
    ``<package>.plot``) is imported when first used, so that the exhibit job, which computes
    the tables and claims, needs no matplotlib. The figure rule names ``<package>.plot`` among
    its modules (workflow/rules/exhibits.smk), since no import statement shows it."""

    def __getattr__(name: str):
        if name != "plot":
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        draw = importlib.import_module(f"{package}.plot").plot
        # the import bound the submodule under the package's name ``plot``: the function
        # takes its place, as an eager ``from .plot import plot`` would leave it
        sys.modules[package].plot = draw
        return draw

    return __getattr__
