"""Execute the report notebook on this run's outputs and export it as HTML.

The notebook has a cell tagged ``parameters`` with defaults for interactive use; the
workflow inserts a cell after it with this run's paths and settings (the papermill
convention), executes it with nbclient and exports HTML with the code hidden and the
figures embedded. A cell that raises stops the job and no HTML is written. The page declares
its language (``<html lang="zh-CN">`` for a Chinese report) so that browsers and screen
readers pick the right fonts and voice.
"""

from __future__ import annotations

import os
import pprint
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from chinatrade.atomic import atomic_path

# config report.language -> the page's language tag (BCP 47)
HTML_LANGUAGE = {"en": "en", "zh": "zh-CN"}


def inject_parameters(notebook: nbformat.NotebookNode, parameters: dict) -> None:
    """Insert ``params = {...}`` after the cell tagged 'parameters'."""
    position = next(
        (
            i
            for i, cell in enumerate(notebook.cells)
            if "parameters" in cell.get("metadata", {}).get("tags", [])
        ),
        None,
    )
    if position is None:
        raise ValueError("the report notebook has no cell tagged 'parameters'")
    # a Python literal (None, True), not JSON (null, true)
    source = "# Parameters of this run, inserted by the workflow\nparams = " + pprint.pformat(
        parameters, width=100, sort_dicts=True
    )
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    cell.pop("id", None)
    notebook.cells.insert(position + 1, cell)


def drop_cells_without(notebook: nbformat.NotebookNode, parameters: dict) -> None:
    """Leave out the cells tagged ``needs:<name>`` when the parameter ``<name>`` is absent or
    empty: a section shown only on some runs (what a new vintage changed) then adds nothing,
    not even an empty cell, to the page of the other runs."""
    notebook.cells = [
        cell
        for cell in notebook.cells
        if all(
            parameters.get(tag.removeprefix("needs:"))
            for tag in cell.get("metadata", {}).get("tags", [])
            if tag.startswith("needs:")
        )
    ]


def drop_plain_text_beside_html(notebook: nbformat.NotebookNode) -> None:
    """Keep only the HTML of an output that has both HTML and plain text.

    The page shows the HTML. The plain text is the object's repr, which for some objects
    (pandas' ``Styler``) holds a memory address, so the executed notebook would differ from
    run to run for nothing.
    """
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                data.pop("text/plain", None)


def render(
    notebook_path: str | Path,
    parameters: dict,
    executed_path: str | Path,
    html_path: str | Path,
    working_dir: str | Path = ".",
    timeout: int = 600,
    language: str = "en",
    title: str | None = None,
) -> None:
    """Execute ``notebook_path`` with ``parameters`` and write the executed notebook and HTML.

    ``language`` (en|zh) sets the page's ``lang``; ``title`` its ``<title>`` (default: the
    exporter's "Notebook").
    """
    notebook = nbformat.read(notebook_path, as_version=4)
    inject_parameters(notebook, parameters)
    drop_cells_without(notebook, parameters)
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"  # stable ids: two runs give the same files
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        # the kernel has nothing to save: stop it at once rather than wait for it (about 1 s)
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(working_dir)}},
    )
    # The kernel is a new process: give it the package's folder on its import path.
    package_parent = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH")) if p)
    client.execute(env=env)
    notebook.metadata.pop("widgets", None)
    drop_plain_text_beside_html(notebook)
    with atomic_path(executed_path) as tmp:
        nbformat.write(notebook, tmp)
    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    resources = {"metadata": {"name": title}} if title else None
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    # nbconvert writes lang="en" (its language_code takes ISO 639-1 codes only)
    body = body.replace('<html lang="en">', f'<html lang="{HTML_LANGUAGE[language]}">', 1)
    with atomic_path(html_path) as tmp:
        tmp.write_text(body, encoding="utf-8")


def print_pdf(
    html: str | Path, pdf: str | Path, chromium: str = "chromium", log: str | Path | None = None
) -> None:
    """Print the HTML report to PDF with headless Chromium (the page as a browser shows it).

    Chromium is a system program (Debian: ``apt-get install chromium``), not a Python package;
    a missing one is named with the command that installs it. Written atomically; Chromium's
    own messages go to ``log``.
    """
    import shutil
    import subprocess

    program = shutil.which(chromium)
    if program is None:
        raise RuntimeError(
            f"printing the report to PDF needs Chromium ({chromium!r} not found): "
            "apt-get install chromium, or set config report.chromium to its path"
        )
    with atomic_path(pdf) as tmp:
        result = subprocess.run(
            [
                program,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--print-to-pdf={tmp}",
                Path(html).resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if log is not None:
            Path(log).parent.mkdir(parents=True, exist_ok=True)
            Path(log).write_text(result.stdout + result.stderr, encoding="utf-8")
        if result.returncode != 0 or not Path(tmp).is_file():
            raise RuntimeError(f"Chromium could not print {html}: {result.stderr[-2000:]}")
