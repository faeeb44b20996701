"""The per-language text files: loading, key checks naming the file and the key, merging."""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from chinatrade import i18n, texts
from chinatrade.rawdata import manifest_entries
from i18n_check import CJK


@pytest.fixture
def root(tmp_path):
    """A text root with F1 in English and Chinese."""
    for language, text in {
        "en": {"title": "Balances", "source_labels": {"dots": "IMF DOTS"}, "vintage": "2022"},
        "zh": {"title": "差额", "source_labels": {"dots": "IMF DOTS数据"}, "vintage": None},
    }.items():
        path = tmp_path / language / "exhibits" / "F1.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(yaml.safe_dump(text, allow_unicode=True), encoding="utf-8")
    texts._read.cache_clear()
    yield tmp_path
    texts._read.cache_clear()


def write(root, language, text):
    path = root / language / "exhibits" / "F1.yaml"
    path.write_text(yaml.safe_dump(text, allow_unicode=True), encoding="utf-8")
    texts._read.cache_clear()
    return path


def test_texts_in_each_language_null_is_english(root):
    assert texts.exhibit_text("F1", "en", root)["source_labels"] == {"dots": "IMF DOTS"}
    chinese = texts.exhibit_text("F1", "zh", root)
    assert chinese == {
        "title": "差额",
        "source_labels": {"dots": "IMF DOTS数据"},
        "vintage": "2022",
    }


@pytest.mark.parametrize(
    ("language", "text", "fragment"),
    [
        # a key missing in Chinese
        ("zh", {"title": "差额", "source_labels": {}, "vintage": None}, "F1.source_labels.dots"),
        # a key Chinese has and English has not
        (
            "zh",
            {"title": "差额", "source_labels": {"dots": "x"}, "vintage": None, "note": "注"},
            "F1.note",
        ),
        # a key missing in English (the other side of the comparison)
        ("en", {"title": "Balances", "source_labels": {"dots": "IMF DOTS"}}, "F1.vintage"),
        # a mapping where English has a text
        (
            "zh",
            {"title": {"a": "差额"}, "source_labels": {"dots": "x"}, "vintage": None},
            "F1.title",
        ),
    ],
)
def test_differing_keys_name_the_file_and_the_key(root, language, text, fragment):
    path = write(root, language, text)
    with pytest.raises(texts.TextError) as error:
        texts.exhibit_text("F1", "zh", root)
    message = str(error.value)
    assert fragment in message
    assert str(root / "zh" / "exhibits" / "F1.yaml") in message or str(path) in message


def test_a_missing_file_is_named(root):
    with pytest.raises(texts.TextError, match=r"F2\.yaml: no such text file"):
        texts.exhibit_text("F2", "en", root)


def test_regression_texts_name_the_model(tmp_path):
    for language, title in (("en", "A model"), ("zh", "一个模型")):
        (tmp_path / language).mkdir()
        (tmp_path / language / "regressions.yaml").write_text(
            yaml.safe_dump({"m1": {"title": title}}, allow_unicode=True), encoding="utf-8"
        )
    texts._read.cache_clear()
    spec = texts.regression_spec({"dataset": "d"}, "m1", "zh", tmp_path)
    assert spec == {"dataset": "d", "title": "一个模型"}
    with pytest.raises(texts.TextError, match="'m2'"):
        texts.regression_text("m2", "en", tmp_path)
    texts._read.cache_clear()


def test_merge_keeps_settings_and_matches_lists_item_by_item():
    settings = {"series": {"a": {"measure": "x"}}, "checks": [{"claim": "C1"}], "year": 2018}
    text = {"series": {"a": {"label": "A"}}, "checks": [{"name": "first"}], "title": "T"}
    assert texts.merge(settings, text) == {
        "series": {"a": {"measure": "x", "label": "A"}},
        "checks": [{"claim": "C1", "name": "first"}],
        "year": 2018,
        "title": "T",
    }
    with pytest.raises(texts.TextError, match="'year'"):
        texts.merge(settings, {"year": "twenty"})


def test_exhibit_spec_has_english_values_and_the_language_under_text(root):
    spec = texts.exhibit_spec({"module": "f1"}, "F1", "zh", root)
    assert spec["module"] == "f1" and spec["title"] == "Balances"
    assert spec["text"]["title"] == "差额"
    assert "text" not in texts.exhibit_spec({"module": "f1"}, "F1", root=root)


def test_a_translation_with_other_fields_than_the_english_names_the_key(root):
    # the years a caption names are computed (chinatrade/captions.py): every language has them
    write(
        root,
        "en",
        {"title": "Balances {first}-{last}", "source_labels": {"dots": "D"}, "vintage": "v"},
    )
    write(root, "zh", {"title": "差额{first}年", "source_labels": {"dots": "D"}, "vintage": None})
    with pytest.raises(texts.TextError) as error:
        texts.exhibit_text("F1", "zh", root)
    assert "'F1.title' has the fields ['first']" in str(error.value)
    assert "has ['first', 'last']" in str(error.value)


def test_fill_gives_the_computed_values_and_names_a_field_without_one():
    assert texts.fill("from {first} to {last}", {"first": 2017, "last": 2024}, "B1.caption") == (
        "from 2017 to 2024"
    )
    assert texts.fill("no fields", {}, "F1.caption") == "no fields"
    with pytest.raises(texts.TextError, match=r"text 'B1.caption' has the fields \['last'\]"):
        texts.fill("from {first} to {last}", {"first": 2017}, "B1.caption")


def test_real_titles_have_no_fields(project):
    """A title is shown as written (the report's headings, Snakemake's own report): the years
    an exhibit covers belong in its caption, whose fields the report fills."""
    config = yaml.safe_load((project / "config/config.yaml").read_text(encoding="utf-8"))
    for exhibit in config["exhibits"]:
        for language in ("en", "zh"):
            title = texts.exhibit_text(exhibit, language)["title"]
            assert not i18n.fields(title), (exhibit, language, title)
            assert not re.search(r"(19|20)\d\d", title), (exhibit, language, title)


def test_real_text_files_have_the_same_keys_in_every_language(project):
    """Every exhibit and regression of the config has its texts, in English and Chinese, and
    merging them into the settings leaves no key set twice."""
    config = yaml.safe_load((project / "config/config.yaml").read_text(encoding="utf-8"))
    texts._read.cache_clear()
    for exhibit, settings in config["exhibits"].items():
        for language in ("en", "zh"):
            spec = texts.exhibit_spec(settings, exhibit, language)
            assert spec["text"]["title"].strip(), (exhibit, language)
    for spec_id, settings in config["regressions"].items():
        for language in ("en", "zh"):
            assert texts.regression_spec(settings, spec_id, language)["title"].strip()


def test_policy_event_labels_are_keyed_by_date_or_year(tmp_path):
    labels = {"en": {"2018-07-06": "Jul 2018: tariffs", "2025": "2025: more"}}
    labels["zh"] = {"2018-07-06": "2018年7月：关税", "2025": None}
    for language, text in labels.items():
        (tmp_path / language).mkdir()
        (tmp_path / language / "policy_events.yaml").write_text(
            yaml.safe_dump(text, allow_unicode=True), encoding="utf-8"
        )
    texts._read.cache_clear()
    events = texts.policy_events([{"date": "2018-07-06"}, {"year": 2025}], tmp_path)
    assert [e["label"] for e in events] == ["Jul 2018: tariffs", "2025: more"]
    assert texts.texts("policy_events", "zh", tmp_path)["2018-07-06"] == "2018年7月：关税"
    with pytest.raises(
        texts.TextError, match=r"policy_events\.yaml: no label for policy_events\[0\]"
    ):
        texts.policy_events([{"date": "2019-01-01"}], tmp_path)
    # a date missing in Chinese names the file and the key
    (tmp_path / "zh" / "policy_events.yaml").write_text(
        yaml.safe_dump({"2018-07-06": "x"}), encoding="utf-8"
    )
    texts._read.cache_clear()
    with pytest.raises(texts.TextError) as error:
        texts.texts("policy_events", "zh", tmp_path)
    assert "policy_events.2025" in str(error.value)
    assert str(tmp_path / "zh" / "policy_events.yaml") in str(error.value)
    texts._read.cache_clear()


def test_real_policy_events_and_partner_names_have_their_texts(project):
    """Every policy date of the config has its label in every language; the code -> name
    maps of F6, F7 and B1 name every code their settings list."""
    config = yaml.safe_load((project / "config/config.yaml").read_text(encoding="utf-8"))
    texts._read.cache_clear()
    for language in ("en", "zh"):
        labels = texts.texts("policy_events", language)
        assert [texts.event_id(e) for e in config["policy_events"]] == list(labels)
        assert all(label.strip() for label in labels.values())
    for exhibit, codes, names in (
        ("F6", "countries", "country_names"),
        ("F7", "focus_partners", "focus_partner_names"),
        ("B1", "memo_partners", "memo_partner_names"),
    ):
        for language in ("en", "zh"):
            text = texts.exhibit_text(exhibit, language)[names]
            assert list(text) == config["exhibits"][exhibit][codes], (exhibit, language)


# --- the study's claims: English in the claims file, another language by claim id -----------


def study_claims(project) -> list[dict]:
    """The rows of the study's claims file (config ``study_claims``)."""
    config = yaml.safe_load((project / "config/config.yaml").read_text(encoding="utf-8"))
    path = project / config["study_claims"]
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


# "in the 1980s" is "20世纪80年代" in Chinese: the same decade, other digits
DECADE = re.compile(r"\b(1[89]|20)(\d)0s\b")


def numbers(text: str) -> Counter:
    return Counter(re.findall(r"\d+(?:\.\d+)?", text))


def test_every_claim_has_its_chinese_summary_and_no_other_id(project):
    """Every claim id of the claims file has a Chinese summary, keyed by id, and the Chinese
    file names no other id; each is Chinese, with the English summary's years, section
    numbers and codes (HS, IMF, GDP)."""
    rows = study_claims(project)
    texts._read.cache_clear()
    summaries = texts.claim_summaries("zh")
    assert len(rows) == 66
    assert sorted(summaries) == sorted(row["id"] for row in rows)
    config = yaml.safe_load((project / "config/config.yaml").read_text(encoding="utf-8"))
    texts.check_claim_summaries(project / config["study_claims"], "zh")  # does not raise
    for row in rows:
        english, chinese = row["claim"], summaries[row["id"]]
        assert CJK.search(chinese) and not i18n.untranslated_words(chinese), (row["id"], chinese)
        decades = DECADE.sub(lambda m: f"{int(m[1]) + 1}世纪{m[2]}0年代", english)
        assert numbers(chinese) == numbers(decades), (row["id"], english, chinese)
        for code in ("HS", "IMF", "GDP"):
            assert (code in chinese) == bool(re.search(rf"\b{code}\b", english)), (row["id"], code)
        assert chinese != english
    # the project's words for the study's terms (claim_kinds.csv, words_zh)
    assert summaries["C30"] == "一般贸易占货物贸易顺差的比重"
    assert summaries["C31"] == "加工贸易占货物贸易顺差的比重"
    assert summaries["C45"] == "2017年与2019年之间，没有任何主要HS类的对美国贸易差额改变符号"


def write_claims(tmp_path, ids: list[str], chinese: dict) -> Path:
    claims = tmp_path / "claims.csv"
    claims.write_text(
        "id,exhibit,claim\n" + "".join(f"{i},F1,claim {i}\n" for i in ids), encoding="utf-8"
    )
    (tmp_path / "zh").mkdir(exist_ok=True)
    (tmp_path / "zh" / "claims.yaml").write_text(
        yaml.safe_dump(chinese, allow_unicode=True), encoding="utf-8"
    )
    texts._read.cache_clear()
    return claims


def test_a_claim_without_its_summary_or_one_too_many_names_the_id_and_the_file(tmp_path):
    claims = write_claims(tmp_path, ["C01", "C02"], {"C01": "中国货物贸易顺差"})
    path = str(tmp_path / "zh" / "claims.yaml")
    assert texts.claim_summary("C01", "claim C01", "zh", tmp_path) == "中国货物贸易顺差"
    assert texts.claim_summary("C02", "claim C02", "en", tmp_path) == "claim C02"
    with pytest.raises(texts.TextError) as error:
        texts.claim_summary("C02", "claim C02", "zh", tmp_path)
    assert "'C02'" in str(error.value) and path in str(error.value)
    with pytest.raises(texts.TextError) as error:
        texts.check_claim_summaries(claims, "zh", tmp_path)
    assert "C02" in str(error.value) and path in str(error.value)
    # an id the claims file does not have (a renumbered or removed claim)
    claims = write_claims(tmp_path, ["C01"], {"C01": "中国货物贸易顺差", "C99": "旧论断"})
    with pytest.raises(texts.TextError) as error:
        texts.check_claim_summaries(claims, "zh", tmp_path)
    assert "C99" in str(error.value) and path in str(error.value)
    assert str(claims) in str(error.value)
    # both at once: one message names each
    claims = write_claims(tmp_path, ["C01", "C02"], {"C01": "中国货物贸易顺差", "C99": "旧论断"})
    with pytest.raises(texts.TextError, match=r"no text for claim\(s\) \['C02'\].*\['C99'\]"):
        texts.check_claim_summaries(claims, "zh", tmp_path)
    # an empty summary is no summary
    claims = write_claims(tmp_path, ["C01"], {"C01": None})
    with pytest.raises(texts.TextError, match="claim 'C01' must have a text"):
        texts.check_claim_summaries(claims, "zh", tmp_path)
    texts.check_claim_summaries(claims, "en", tmp_path)  # English: the claims file's own
    assert texts.keyed_text_files(texts.CLAIMS, "en") == []
    assert texts.keyed_text_files(texts.CLAIMS, "zh") == ["workflow/report/text/zh/claims.yaml"]
    texts._read.cache_clear()


# --- the raw files' descriptions: English in the manifest, another language by manifest id ---

MANIFEST = "config/raw_data_manifest.csv"
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# names and codes kept as they are in the Chinese descriptions
KEPT = (
    "IMF", "DOTS", "WIOD", "GGDC", "BEA", "FDIUS", "USDIA", "AMNE", "GACC", "NBS", "HS", "ISIC",
    "CIF", "FOB", "F.A.S.", "OECD", "BTDIxE", "WCO", "WDI", "WEO", "EWN", "NIOT", "Comtrade",
    "FRED", "H.10", "MOFCOM", "UNCTAD", "UBO", "ECCU", "SOE", "FIE", "POE", "OFDI", "GDP",
)  # fmt: skip
# a code or a file name: a word with a digit, an underscore or a file extension
CODE = re.compile(r"[A-Za-z][\w.+/-]*(?:\d|_|\.(?:xlsx|csv|rds|json))[\w.+/-]*")
# codes that the Chinese says in words (partner groups, months of a date)
SAID_IN_WORDS = {"EU27", "EU28", "EU27+GBR", "ASEAN10", "June-2025", "July-2020", "July", "Dec"}
# the magnitude of each English unit, and its Chinese
MAGNITUDES = {
    r"USD millions?\b|USD million,": "百万美元",
    r"USD thousand|US\$1,000": "千美元",
    r"USD 100 million": "亿美元",
    r"USD billions?|billion JPY": "十亿",
    r"trillion": "万亿",
    r"CNY 100 million": "亿元人民币",
}


def test_every_raw_file_has_its_chinese_description(project):
    """Every id of the manifest has its Chinese descriptions, in the manifest's order, each
    translating the manifest's current English (its fingerprint), in Chinese, with the
    English's years, names and codes (file names, indicator and table codes) and the magnitude
    of its units."""
    manifest = manifest_entries(project / MANIFEST)
    texts._read.cache_clear()
    assert list(texts.keyed_texts(texts.RAW_FILES, "zh", "manifest id")) == list(manifest)
    texts.check_raw_file_texts(project / MANIFEST, list(manifest), "zh")  # does not raise
    for file_id, entry in manifest.items():
        chinese = texts.raw_file_text(entry, "zh")
        for field in texts.RAW_FILE_FIELDS:
            english, text = entry[field], chinese[field]
            where = (file_id, field, english, text)
            assert CJK.search(text) and text != english, where
            decades = DECADE.sub(lambda m: f"{int(m[1]) + 1}世纪{m[2]}0年代", english)
            assert Counter(YEAR.findall(text)) == Counter(YEAR.findall(decades)), where
            for name in KEPT:
                if re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", english):
                    assert name in text, (name, *where)
            for code in set(CODE.findall(decades)) - SAID_IN_WORDS:
                if not YEAR.fullmatch(code):
                    assert code in text, (code, *where)
        for pattern, magnitude in MAGNITUDES.items():
            if re.search(pattern, entry["units"]):
                assert magnitude in chinese["units"], (file_id, pattern, chinese["units"])
    # the project's words: mirror data, reporter, customs regime
    zh = texts.keyed_texts(texts.RAW_FILES, "zh", "manifest id")
    assert (
        zh["dots_mirror_partner_chn"]["dataset"] == "贸易方向统计（DOTS），以中国为伙伴的镜像数据"
    )
    assert zh["dots_workbook_chn"]["coverage"] == "报告方中国内地 × 全部IMF伙伴；1961、1978-2020年"
    assert "贸易方式" in zh["gacc_en_customs_regime_2019_12"]["dataset"]
    assert zh["census_country"]["units"].startswith("百万美元，名义值，未经季节调整")


def write_raw_files(tmp_path, project, ids, translations=None, changes=None) -> Path:
    """A manifest of the real entries ``ids`` (with ``changes``: id -> {column: text}) and,
    under ``tmp_path/zh``, ``translations`` (default: the real Chinese of those ids)."""
    real = manifest_entries(project / MANIFEST)
    manifest = tmp_path / "manifest.csv"
    with manifest.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(real[ids[0]]))
        writer.writeheader()
        for file_id in ids:
            writer.writerow({**real[file_id], **(changes or {}).get(file_id, {})})
    if translations is None:
        texts._read.cache_clear()
        chinese = texts.keyed_texts(texts.RAW_FILES, "zh", "manifest id")
        translations = {file_id: chinese[file_id] for file_id in ids}
    (tmp_path / "zh").mkdir(exist_ok=True)
    (tmp_path / "zh" / "raw_files.yaml").write_text(
        yaml.safe_dump(translations, allow_unicode=True), encoding="utf-8"
    )
    texts._read.cache_clear()
    return manifest


IDS = ["dots_workbook_chn", "dots_workbook_usa"]


def test_a_changed_english_description_names_the_file_the_id_and_the_change(tmp_path, project):
    manifest = write_raw_files(tmp_path, project, IDS)
    path = str(tmp_path / "zh" / "raw_files.yaml")
    texts.check_raw_file_texts(manifest, IDS, "zh", tmp_path)  # in step: does not raise
    # the units of one file change in English: its translation is stale
    units = "USD millions (exports FOB, imports CIF); monthly"
    manifest = write_raw_files(
        tmp_path, project, IDS, changes={"dots_workbook_usa": {"units": units}}
    )
    with pytest.raises(texts.TextError) as error:
        texts.check_raw_file_texts(manifest, IDS, "zh", tmp_path)
    message = str(error.value)
    assert message.startswith(path) and "'dots_workbook_usa'" in message
    assert "dots_workbook_chn" not in message  # the other one is in step
    assert f"units: {units!r}" in message  # what the English now reads
    current = texts.english_fingerprint(manifest_entries(manifest)["dots_workbook_usa"])
    stored = texts.keyed_texts(texts.RAW_FILES, "zh", "manifest id", tmp_path)
    assert f"had en_sha256 {stored['dots_workbook_usa']['en_sha256']}, now {current}" in message
    assert message.endswith(f'translate it anew and set en_sha256: "{current}"')
    # the appendix line of that file stops too, naming the file and the id
    entry = manifest_entries(manifest)["dots_workbook_usa"]
    with pytest.raises(texts.TextError, match=r"raw_files\.yaml: the English of manifest id"):
        texts.raw_file_text(entry, "zh", tmp_path)
    # English shows the manifest's own: nothing to check
    texts.check_raw_file_texts(manifest, IDS, "en", tmp_path)
    assert texts.raw_file_text(entry, "en", tmp_path)["units"] == units
    # every field counts, and the fingerprint is that of the printed command
    fingerprints = {
        texts.english_fingerprint({**entry, field: entry[field] + " "})
        for field in texts.RAW_FILE_FIELDS
    }
    assert len(fingerprints | {current}) == 5
    assert (
        current
        == hashlib.sha256(
            "|".join(entry[f] for f in ("publisher", "dataset", "units", "coverage")).encode()
        ).hexdigest()[:12]
    )
    texts._read.cache_clear()


def test_a_listed_file_without_a_description_or_one_too_many_names_the_id(tmp_path, project):
    chinese = texts.keyed_texts(texts.RAW_FILES, "zh", "manifest id")
    path = str(tmp_path / "zh" / "raw_files.yaml")
    # the report lists a file the translations lack
    manifest = write_raw_files(
        tmp_path, project, IDS, {"dots_workbook_chn": chinese["dots_workbook_chn"]}
    )
    with pytest.raises(texts.TextError) as error:
        texts.check_raw_file_texts(manifest, IDS, "zh", tmp_path)
    assert str(error.value) == (
        f"{path}: no text for manifest id(s) ['dots_workbook_usa'] of {manifest}"
    )
    entry = manifest_entries(manifest)["dots_workbook_usa"]
    with pytest.raises(texts.TextError, match=r"no text for manifest id 'dots_workbook_usa'"):
        texts.raw_file_text(entry, "zh", tmp_path)
    texts.check_raw_file_texts(manifest, ["dots_workbook_chn"], "zh", tmp_path)  # not listed
    # an id the manifest does not have (a renamed or removed file)
    manifest = write_raw_files(
        tmp_path,
        project,
        ["dots_workbook_chn"],
        {"dots_workbook_chn": chinese["dots_workbook_chn"], "old_id": {"units": "旧"}},
    )
    with pytest.raises(texts.TextError, match=r"manifest id\(s\) \['old_id'\] are not in"):
        texts.check_raw_file_texts(manifest, ["dots_workbook_chn"], "zh", tmp_path)
    # an entry without its fingerprint, or with an empty text
    broken = {k: v for k, v in chinese["dots_workbook_chn"].items() if k != "en_sha256"}
    manifest = write_raw_files(
        tmp_path, project, ["dots_workbook_chn"], {"dots_workbook_chn": broken}
    )
    with pytest.raises(texts.TextError, match=r"'dots_workbook_chn' must have exactly the keys"):
        texts.check_raw_file_texts(manifest, ["dots_workbook_chn"], "zh", tmp_path)
    empty = {**chinese["dots_workbook_chn"], "units": ""}
    manifest = write_raw_files(
        tmp_path, project, ["dots_workbook_chn"], {"dots_workbook_chn": empty}
    )
    with pytest.raises(texts.TextError, match=r"'dots_workbook_chn': 'units' must be a \(quoted"):
        texts.check_raw_file_texts(manifest, ["dots_workbook_chn"], "zh", tmp_path)
    # a fingerprint of digits only, unquoted, reads as a number: it must be quoted
    number = {**chinese["dots_workbook_chn"], "en_sha256": 123456789012}
    manifest = write_raw_files(
        tmp_path, project, ["dots_workbook_chn"], {"dots_workbook_chn": number}
    )
    with pytest.raises(texts.TextError, match=r"'en_sha256' must be a \(quoted\) text, got 1234"):
        texts.check_raw_file_texts(manifest, ["dots_workbook_chn"], "zh", tmp_path)
    assert texts.keyed_text_files(texts.RAW_FILES, "en") == []
    assert texts.keyed_text_files(texts.RAW_FILES, "zh") == [
        "workflow/report/text/zh/raw_files.yaml"
    ]
    texts._read.cache_clear()


def test_the_fingerprint_command_prints_the_line_of_the_file(project, capsys):
    manifest = manifest_entries(project / MANIFEST)
    texts.main(["fingerprint", "dots_workbook_chn", "--manifest", str(project / MANIFEST)])
    fingerprint = texts.english_fingerprint(manifest["dots_workbook_chn"])
    assert capsys.readouterr().out == f'dots_workbook_chn: en_sha256: "{fingerprint}"\n'
    texts._read.cache_clear()
    stored = texts.keyed_texts(texts.RAW_FILES, "zh", "manifest id")["dots_workbook_chn"]
    assert stored["en_sha256"] == fingerprint
