"""The registry, the runner, the error of a failed check, the report's appendix text, the
texts' Chinese and the config block (chinatrade/plausibility/__init__.py, chinatrade.summary,
config plausibility)."""

from __future__ import annotations

import ast
import copy
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from chinatrade import i18n, summary
from chinatrade.config import ConfigError, check_config
from chinatrade.errors import InputDataError
from chinatrade.plausibility import (
    CHECKS,
    COLUMNS,
    Check,
    core,
    flows,
    macro,
    provinces,
    raise_on_failure,
    run_checks,
)
from chinatrade.rawdata import read_manifest
from chinatrade.schema import ConfigSchemaError, validate_config
from plausibility_tables import SETTINGS

PACKAGE = Path(__file__).resolve().parents[2] / "workflow/scripts/chinatrade/plausibility"


def row(status, difference, **extra):
    return core.Row(
        check_id=extra.pop("check_id", "x"),
        subject="CHN",
        measure="gdp",
        year=extra.pop("year", 2018),
        value_a=extra.pop("value_a", 10.0),
        source_a="A",
        value_b=extra.pop("value_b", 9.0),
        source_b="B",
        unit="USD billion",
        difference=difference,
        difference_unit="%",
        tolerance="pass within ±4%, fail beyond ±25%",
        status=status,
        raw_file=extra.pop("raw_file", "data/raw/a.csv"),
        raw_column="Value",
        raw_row=extra.pop("raw_row", "Country Code CHN, Year 2018"),
        **extra,
    )


def checks_of(*groups):
    return [
        Check(f"check_{i}", f"check number {i}", (), lambda t, s, f, rows=rows: rows)
        for i, rows in enumerate(groups)
    ]


def test_every_check_is_registered_once_with_its_tables():
    ids = [check.id for check in CHECKS]
    assert len(ids) == len(set(ids)) == 12
    assert ids[0] == "release_dates" and ids.index("fx_year_on_year") < ids.index("china_totals")
    assert all(check.tables and check.description for check in CHECKS)


def test_the_runner_writes_every_row_with_its_check_and_logs_warnings(caplog):
    checks = checks_of([row("pass", 1.0)], [row("warn", 10.0), row("pass", 0.0)])
    with caplog.at_level("INFO", logger="chinatrade"):
        result = run_checks({}, {}, None, checks=checks)
    assert list(result.columns) == COLUMNS
    assert list(result["check"]) == ["check number 0", "check number 1", "check number 1"]
    assert "check check_1: 2 comparisons, 1 passed, 1 warned, 0 failed" in caplog.text
    assert "check check_1 warns: CHN gdp 2018: 10.0000 USD billion (A) against 9.0000 (B)" in (
        caplog.text
    )
    # a warning always says why: the default note of a value between the bounds
    assert result.loc[1, "note"].startswith("Beyond the pass bound, within the fail bound")
    raise_on_failure(result)  # nothing failed: no error


def test_a_failure_names_file_column_row_and_both_values():
    checks = checks_of(
        [row("pass", 0.0)],
        [
            row("fail", 30.0, raw_row="year 2017", severity=1.2),
            row("fail", 900.0, value_a=1e6, raw_row="year 2018", severity=36.0),
        ],
        [row("fail", 1e9, raw_file="data/raw/later.csv")],
    )
    result = run_checks({}, {}, None, checks=checks)
    with pytest.raises(InputDataError) as error:
        raise_on_failure(result)
    message = str(error.value)
    # the worst failure of the first check that failed; the others are counted
    assert message.startswith(
        "file 'data/raw/a.csv', column 'Value', row year 2018: plausibility check 'check_1' "
        "failed (check number 1): CHN gdp 2018: 1,000,000.0 USD billion (A) against 9.0000 (B)"
    )
    assert "difference +900.00 %; tolerance: pass within ±4%, fail beyond ±25%" in message
    assert "(2 other comparison(s) failed too; see the log)" in message


def test_the_appendix_counts_the_checks_and_names_every_warning():
    with i18n.capture():
        checks = checks_of(
            [row("pass", 1.0), row("pass", 2.0)],
            [row("warn", 10.0, note=i18n.tr("A value that is not positive."))],
            [row("warn", None, value_b=None)],
        )
        result = run_checks({}, {}, None, checks=checks)
    # as the report reads it back from the CSV
    text = summary.plausibility_markdown(result)
    assert text.startswith("3 plausibility checks compared 4 values with a second opinion")
    assert "1 checks passed every comparison and 2 warned; 2 comparisons passed and 2 warned" in (
        text
    )
    assert (
        "- **check number 1** (`CHN gdp 2018`): 10.0000 USD billion (A) against 9.0000 (B), "
        "difference +10.00%; tolerance: pass within ±4%, fail beyond ±25%. A value that is not "
        "positive." in text
    )
    assert "(`CHN gdp 2018`): 10.0000 USD billion (A), no second value" in text
    only_passes = result[result["status"] == "pass"]
    assert summary.plausibility_markdown(only_passes).endswith("No check warned.")


def test_the_appendix_is_chinese_in_chinese():
    with i18n.capture():
        notes = [
            core.no_second_value(i18n.tr("WEO has no actual value for this year.")),
            core.within_tolerance(4, 25, 0.2),
        ]
        result = run_checks(
            {},
            {},
            None,
            checks=[
                Check(
                    "gdp_wdi_weo",
                    "GDP: World Bank WDI against IMF WEO",
                    (),
                    lambda t, s, f: [
                        core.Row(
                            **{
                                **row("warn", None).__dict__,
                                "value_b": None,
                                "source_a": i18n.tr("World Bank WDI GDP"),
                                "tolerance": notes[1],
                                "note": notes[0],
                            }
                        )
                    ],
                )
            ],
        )
    with i18n.language("zh"):
        text = summary.plausibility_markdown(result)
    shown = re.sub(r"`[^`]*`", " ", text)
    assert "GDP：世界银行 WDI 与 IMF WEO 对比" in text and "世界银行 WDI 的 GDP" in text
    assert "±4%加上舍入误差（0.20%）以内通过" in text
    assert not i18n.untranslated_words(shown), i18n.untranslated_words(shown)


def package_texts() -> list[str]:
    """Every literal text the package passes to tr(), its checks' names and its sources'."""
    found = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.append(node.args[0].value)
    found += [check.description for check in CHECKS]
    found += [*flows.LABELS.values(), *macro.LABELS_MACRO.values(), *provinces.LABELS_NBS.values()]
    # the units and difference units the report shows through the catalogue
    found += ["USD million", "USD billion", "USD 100 million", "CNY per USD", "JPY per USD"]
    found += ["year", "years", "pp"]
    return list(dict.fromkeys(found))


def test_every_text_of_the_checks_has_a_chinese_text():
    texts = package_texts()
    assert len(texts) >= 50
    with i18n.language("zh"):
        for text in texts:
            chinese = i18n.tr(text)
            assert chinese != text or not re.search("[a-z]{3}", text), text
            assert not i18n.untranslated_words(re.sub(r"`[^`]*`", " ", chinese)), (text, chinese)


# --- config ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def config(project):
    return yaml.safe_load((project / "config/config.yaml").read_text())


def test_the_tests_use_the_default_tolerances(config):
    default = copy.deepcopy(config["plausibility"])
    written = copy.deepcopy(SETTINGS)
    # the tests' tables hold fewer economies and currencies than the default run
    for settings in (default, written):
        settings["gdp"].pop("economies")
        settings["year_on_year"]["exchange_rates"].pop("currencies")
    default.pop("release_dates")
    assert written == default


@pytest.mark.parametrize(
    ("path", "wrong", "message"),
    [
        (["plausibility", "gdp"], "pass_pc", "did you mean 'pass_pct'?"),
        (["plausibility"], "provinve", "did you mean 'provinces'?"),
        (["plausibility", "year_on_year", "gdp"], "max_change", "did you mean 'max_change_pct'?"),
    ],
)
def test_the_config_block_is_closed(config, project, path, wrong, message):
    broken = copy.deepcopy(config)
    node = broken
    for key in path:
        node = node[key]
    node[wrong] = 1
    with pytest.raises(ConfigSchemaError, match=re.escape(message)):
        validate_config(broken, project / "workflow/schemas/config.schema.yaml")


def test_a_pass_bound_beyond_its_fail_bound_is_refused(config, project):
    broken = copy.deepcopy(config)
    broken["plausibility"]["provinces"] = {"pass_pp": 5, "fail_pp": 4}
    manifest = read_manifest(project / "config/raw_data_manifest.csv")
    with pytest.raises(ConfigError, match=r"'plausibility.provinces': pass_pp \(5\) is above"):
        check_config(broken, manifest.index)


def test_the_results_table_keeps_years_as_integers():
    table = core.frame([row("pass", 0.0, year=None), row("pass", 0.0)])
    assert str(table["year"].dtype) == "Int64" and pd.isna(table.loc[0, "year"])
    assert table.loc[0, "key"] == "CHN gdp" and table.loc[1, "key"] == "CHN gdp 2018"
