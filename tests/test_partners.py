"""Partner names -> codes and partner groups from config."""

from __future__ import annotations

import pytest

from chinatrade import partners


def test_country_converter_and_the_explicit_table(project):
    table = partners.read_name_table(project / "workflow/resources/imf_dots_partner_names.csv")
    assert partners.iso3_of("Korea, Rep. of") == "KOR"
    assert partners.iso3_of("Netherlands, The") == "NLD"
    # names country_converter gets wrong or ambiguous are fixed in the table
    assert partners.iso3_of("Czechoslovakia") == "CZE"
    assert table.at["Czechoslovakia", "code"] == "CSK"
    assert partners.iso3_of("Aruba, Kingdom of the Netherlands") is None
    assert table.at["Aruba, Kingdom of the Netherlands", "code"] == "ABW"
    assert partners.iso3_of("Emerging and Developing Asia") is None


def test_groups_expand_unions():
    groups = {
        "A": {"members": ["FRA", "DEU"]},
        "B": {"union": ["A"], "members": ["GBR"]},
        "C": {"union": ["B", "A"]},
    }
    resolved = partners.resolve_groups(groups)
    assert resolved == {
        "A": ["DEU", "FRA"],
        "B": ["DEU", "FRA", "GBR"],
        "C": ["DEU", "FRA", "GBR"],
    }


def test_group_cycle_is_refused():
    with pytest.raises(ValueError, match=r"partner_groups.*cycle A -> B -> A"):
        partners.resolve_groups({"A": {"union": ["B"]}, "B": {"union": ["A"]}})


def test_unknown_group_in_union_names_the_key():
    with pytest.raises(ValueError, match=r"'partner_groups.B.union': unknown group 'EU99'"):
        partners.resolve_groups({"B": {"union": ["EU99"]}})


def test_labels():
    groups = {"JKA": {"label": "Japan + Korea + Australia", "members": ["JPN"]}}
    assert partners.group_label("JKA", groups) == "Japan + Korea + Australia"
    assert partners.group_label("USA", groups) == "United States"


def test_short_names_read_from_the_table_are_the_converters():
    """short_name reads country_converter's table with the standard library (no pandas at
    every Snakemake start); every code of the table, and codes it lacks, give what the
    converter gives."""
    import logging

    import country_converter as coco

    from chinatrade import partners

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    converter = coco.CountryConverter()
    codes = [*partners._short_names(), "XXX", "EU27", "hkg"]
    assert len(codes) > 200
    for code in codes:
        expected = converter.convert(code, src="ISO3", to="name_short", not_found=None)
        assert partners.short_name(code) == (expected if isinstance(expected, str) else code)
