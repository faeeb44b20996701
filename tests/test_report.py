"""Executing a report notebook: parameters injected, code hidden, errors stop the job."""

from __future__ import annotations

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from chinatrade import report


def notebook(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    first = nbformat.v4.new_code_cell("params = {'answer': 0}", metadata={"tags": ["parameters"]})
    nb.cells = [first, *[nbformat.v4.new_code_cell(c) for c in cells]]
    nbformat.write(nb, path)
    return path


def test_parameters_reach_the_notebook_and_code_is_hidden(tmp_path):
    source = notebook(
        tmp_path / "nb.ipynb",
        [
            "from IPython.display import Markdown, display\n"
            "secret_code_marker = 1\n"
            "display(Markdown(f\"The answer is {params['answer']}.\"))"
        ],
    )
    html = tmp_path / "out.html"
    report.render(source, {"answer": 42}, tmp_path / "executed.ipynb", html, tmp_path)
    text = html.read_text()
    assert "The answer is 42." in text
    assert "secret_code_marker" not in text  # inputs are not shown to the reader


def test_a_failing_cell_stops_and_writes_no_html(tmp_path):
    source = notebook(tmp_path / "nb.ipynb", ["raise ValueError('broken input')"])
    html = tmp_path / "out.html"
    with pytest.raises(CellExecutionError, match="broken input"):
        report.render(source, {}, tmp_path / "executed.ipynb", html, tmp_path)
    assert not html.exists()


def test_a_notebook_without_a_parameters_cell_is_refused(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1")]
    with pytest.raises(ValueError, match="no cell tagged 'parameters'"):
        report.inject_parameters(nb, {})
