"""Libraries imported without optional dependencies they load only for features the workflow
does not use (chinatrade/lean_imports.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chinatrade import lean_imports


@pytest.fixture
def synthetic_modules(tmp_path, monkeypatch):
    """lean_lib tries lean_optional at import and does without it."""
    (tmp_path / "lean_optional.py").write_text("VALUE = 1\n")
    (tmp_path / "lean_lib.py").write_text(
        "try:\n    import lean_optional\n    HAS_OPTIONAL = True\n"
        "except ImportError:\n    HAS_OPTIONAL = False\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    for name in ("lean_lib", "lean_optional"):
        sys.modules.pop(name, None)


def test_the_library_loads_without_the_optional_module_which_can_be_imported_after(
    synthetic_modules,
):
    library = lean_imports.import_without("lean_lib", ("lean_optional",))
    assert library.HAS_OPTIONAL is False
    assert "lean_optional" not in sys.modules
    import lean_optional

    assert lean_optional.VALUE == 1


def test_an_optional_module_loaded_already_is_used(synthetic_modules):
    import lean_optional  # noqa: F401

    assert lean_imports.import_without("lean_lib", ("lean_optional",)).HAS_OPTIONAL is True


def test_a_library_that_fails_to_import_leaves_the_optional_module_importable(
    synthetic_modules, tmp_path
):
    (tmp_path / "lean_broken.py").write_text("import lean_optional\n")
    with pytest.raises(ImportError):
        lean_imports.import_without("lean_broken", ("lean_optional",))
    sys.modules.pop("lean_broken", None)
    import lean_optional  # noqa: F401


def in_new_interpreter(code: str) -> None:
    """Run ``code`` where nothing is loaded yet (this interpreter has loaded everything)."""
    package_parent = Path(lean_imports.__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(package_parent)},
    )
    assert result.returncode == 0, result.stderr


def test_the_reports_tables_are_styled_without_matplotlib():
    """The report's kernel shows tables with pandas' Styler and draws nothing: it need not
    import matplotlib (0.9 s); matplotlib can still be imported afterwards."""
    in_new_interpreter(
        "import sys\n"
        "import pandas as pd\n"
        "from chinatrade import summary\n"
        "html = summary.show(pd.DataFrame({'year': [2018], 'x': [1.25]})).to_html()\n"
        "assert '1.2' in html and 'matplotlib' not in sys.modules\n"
        "import matplotlib.pyplot\n"
    )


def test_figures_load_seaborn_without_scipy_stats_which_statsmodels_still_gets():
    """A figure job imports seaborn without scipy.stats and scipy.cluster (about 1 s of the
    job); statsmodels, imported afterwards in a regression's job, still gets them."""
    in_new_interpreter(
        "import sys\n"
        "from chinatrade import figures\n"
        "assert 'scipy.stats' not in sys.modules and 'scipy.cluster' not in sys.modules\n"
        "assert figures.sns.color_palette('Dark2', 2)\n"
        "import statsmodels.api, scipy.stats\n"
        "assert scipy.stats.norm.cdf(0) == 0.5\n"
    )
