"""Number cells of users' files: thousands separators only in valid groups of three."""

from __future__ import annotations

import pytest

from chinatrade.errors import InputDataError
from chinatrade.validate import non_negative_cell


@pytest.mark.parametrize(
    ("text", "value"),
    [("35", 35.0), ("3.5", 3.5), ("6,000", 6000.0), ("6,000,000.25", 6000000.25), (" 12 ", 12.0)],
)
def test_plain_and_grouped_numbers_are_read(text, value):
    assert non_negative_cell(text, "user.csv", "exports_usd_100m", 4, "USD 100 million") == value


@pytest.mark.parametrize("text", ["3,5", "6,000,0", "60,00", ",500", "1,2345", "1,000,"])
def test_a_comma_that_is_no_thousands_separator_is_refused_by_file_column_and_row(text):
    with pytest.raises(InputDataError) as error:
        non_negative_cell(text, "user.csv", "exports_usd_100m", 4, "USD 100 million")
    message = str(error.value)
    assert "user.csv" in message and "exports_usd_100m" in message and "4" in message
    assert f"'{text}' has a comma that is not a thousands separator" in message


@pytest.mark.parametrize("text", ["", "abc", "nan", "inf"])
def test_text_is_not_a_number(text):
    with pytest.raises(InputDataError, match="is not a number"):
        non_negative_cell(text, "user.csv", "value_usd_100m", 2, "USD 100 million")


def test_a_negative_value_is_refused():
    with pytest.raises(InputDataError, match="is negative"):
        non_negative_cell("-1,000", "user.csv", "value_usd_100m", 2, "USD 100 million")
