"""Draw the workflow's rule graph for the README: workflow/report/rulegraph.svg.

    python workflow/tools/draw_rulegraph.py   # needs Graphviz (apt-get install graphviz)

The graph is Snakemake's own (`snakemake --rulegraph`), with the target rule `all` left out:
every rule leads to it, and its edges hide the stages. tests/workflow/test_quality.py checks
that the picture names exactly the workflow's rules, so it is redrawn when a rule is added or
renamed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
PICTURE = PROJECT / "workflow" / "report" / "rulegraph.svg"
SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")


def rulegraph_dot(project: Path = PROJECT) -> str:
    """Snakemake's rule graph in dot, without the node `all` and its edges."""
    dot = subprocess.run(
        [SNAKEMAKE, "--rulegraph", "--quiet", "all"],
        cwd=project,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    dot = dot[dot.index("digraph") :]
    target = re.search(r"^\s*(\d+)\[label = \"all\"", dot, re.MULTILINE)
    if target:
        node = target.group(1)
        dot = "\n".join(
            line
            for line in dot.splitlines()
            if not re.match(rf"^\s*({node}\[|\d+ -> {node}\s*$)", line)
        )
    return dot


def rule_names(dot: str) -> set[str]:
    return set(re.findall(r'label = "([^"]+)"', dot))


def main() -> None:
    svg = subprocess.run(
        ["dot", "-Tsvg"], input=rulegraph_dot(), check=True, capture_output=True, text=True
    ).stdout
    PICTURE.write_text(svg)
    print(f"wrote {PICTURE.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
