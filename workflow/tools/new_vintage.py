"""Take in a new vintage of a raw file, or fetch the latest official release of one.

    python workflow/tools/new_vintage.py add <manifest id> <file>
    python workflow/tools/new_vintage.py add <folder>
    python workflow/tools/new_vintage.py fetch-latest <manifest id>
    python workflow/tools/new_vintage.py sources

Run from the project folder, in the workflow's environment. The analysis package is not
installed (README: Layout); this wrapper puts workflow/scripts on the import path and runs
``python -m chinatrade.vintage`` (see chinatrade/vintage/__main__.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from chinatrade.vintage.__main__ import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
