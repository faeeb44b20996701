"""Executing a report notebook: parameters injected, code hidden, errors stop the job."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from chinatrade import i18n, report


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


def test_two_renders_write_the_same_executed_notebook(tmp_path):
    """An object shown as HTML whose plain repr names its memory address (as pandas'
    Styler does) leaves the executed notebook the same from run to run."""
    source = notebook(
        tmp_path / "nb.ipynb",
        [
            "class Table:\n"
            "    def _repr_html_(self):\n"
            "        return '<table><tr><td>surplus</td></tr></table>'\n"
            "from IPython.display import display\n"
            "display(Table())"
        ],
    )
    executed = []
    for run in ("first", "second"):
        report.render(source, {}, tmp_path / f"{run}.ipynb", tmp_path / f"{run}.html", tmp_path)
        executed.append((tmp_path / f"{run}.ipynb").read_bytes())
    assert b"object at 0x" not in executed[0]
    assert executed[0] == executed[1]
    assert "<td>surplus</td>" in (tmp_path / "first.html").read_text()


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


def test_a_cell_that_needs_an_absent_parameter_leaves_no_trace(tmp_path):
    """A cell tagged needs:<name> (the section on what a new vintage changed) is left out when
    the parameter is absent or empty: the page is byte for byte the one without the cell."""
    cells = ["print('always')", "print('only with revisions')"]
    with_cell = notebook(tmp_path / "with.ipynb", cells)
    nb = nbformat.read(with_cell, as_version=4)
    nb.cells[2].metadata["tags"] = ["needs:revisions"]
    nbformat.write(nb, with_cell)
    without_cell = notebook(tmp_path / "without.ipynb", cells[:1])
    pages = {}
    for name, source, parameters in (
        ("absent", with_cell, {}),
        ("empty", with_cell, {"revisions": {}}),
        ("no cell", without_cell, {}),
        ("present", with_cell, {"revisions": {"table": "t.csv"}}),
    ):
        html = tmp_path / f"{name}.html"
        report.render(source, parameters, tmp_path / f"{name}.ipynb", html, tmp_path)
        pages[name] = html.read_text()
    assert "only with revisions" in pages["present"]
    assert pages["absent"] == pages["no cell"]
    assert "only with revisions" not in pages["empty"]


def test_the_page_declares_its_language_and_title(tmp_path):
    source = notebook(tmp_path / "nb.ipynb", ["print('中文')"])
    for language, tag in (("en", '<html lang="en">'), ("zh", '<html lang="zh-CN">')):
        html = tmp_path / f"{language}.html"
        title = None if language == "en" else "中国货物贸易失衡：复现研究"
        report.render(
            source, {}, tmp_path / "executed.ipynb", html, tmp_path, language=language, title=title
        )
        text = html.read_text(encoding="utf-8")
        assert tag in text
        assert f"<title>{title or 'Notebook'}</title>" in text


def report_notebook_code() -> list[str]:
    path = Path(__file__).resolve().parents[1] / "workflow/notebooks/report.ipynb"
    cells = nbformat.read(path, as_version=4).cells
    assert all(cell.cell_type == "code" for cell in cells), "prose goes through tr(): code cells"
    return ["".join(cell.source) for cell in cells]


def test_report_notebook_sets_the_language_first():
    code = report_notebook_code()
    assert 'i18n.set_language(params["language"])' in code[1]


def test_every_text_of_the_report_notebook_has_a_chinese_text():
    """The literal texts the notebook passes to tr() (and to summary.lead) are in the
    catalogue and read as Chinese."""
    texts = []
    for source in report_notebook_code():
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in ("tr", "lead") and isinstance(first, ast.Constant):
                texts.append(first.value)
    assert len(texts) >= 20
    with i18n.language("zh"):
        for text in texts:
            chinese = i18n.tr(text)
            shown = re.sub(r"`[^`]*`", " ", chinese)
            assert not i18n.untranslated_words(shown), (text, chinese)


def test_print_pdf_names_a_missing_chromium(tmp_path):
    from chinatrade import report

    html = tmp_path / "r.html"
    html.write_text("<html><body>x</body></html>")
    with pytest.raises(RuntimeError, match="apt-get install chromium"):
        report.print_pdf(html, tmp_path / "r.pdf", chromium="no-such-chromium-here")
    assert not (tmp_path / "r.pdf").exists()
