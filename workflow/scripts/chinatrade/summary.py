"""Text and tables of the report, built from the workflow's outputs.

Every number in the report's prose comes from here, computed from the tables the
workflow wrote on this run; the notebook only displays what these functions return.
Sentences and table headers are in the reader's language (:func:`chinatrade.i18n.tr`,
catalogue ``summary.yaml``); the numbers are the same in every language.
"""

from __future__ import annotations

import functools
import hashlib
import html
import math
from collections.abc import Iterable

import pandas as pd

from chinatrade import i18n, lean_imports, lineage, texts
from chinatrade.i18n import tr
from chinatrade.replication import COMMON_RULE, VERDICTS, rendered, verdict_counts


def billions(value_usd_millions: float) -> str:
    """'USD 324.4 billion' from a value in USD millions."""
    return tr("USD {value:,.1f} billion", value=abs(value_usd_millions) / 1000)


def percent(value: float, digits: int = 1) -> str:
    return tr("n/a") if value is None or math.isnan(value) else f"{value:.{digits}f}%"


def value_label(text: str) -> str:
    """A value written by another module (a source, a unit, a reporter side) for the reader:
    translated where the catalogue has it, else as it is (a source's name, a code)."""
    return tr(text) if isinstance(text, str) and text and i18n.has(text) else text


def exhibit_id(exhibit: str) -> str:
    """An exhibit's id as the reader sees it: the id itself (F1, S1), or, in another language,
    its name where the catalogue has one (INTRO is no word of Chinese)."""
    return value_label(exhibit)


def labelled_values(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with the texts in its text columns shown in the reader's language where the
    catalogue has them (a partner's name, a flag); codes and numbers stay as they are."""
    if i18n.current() == i18n.SOURCE_LANGUAGE:
        return table
    text_columns = [
        c for c in table.columns if table[c].dtype == object or table[c].dtype == "string"
    ]
    return table.assign(**{c: table[c].map(value_label) for c in text_columns})


def listing(items: Iterable[str]) -> str:
    """Items as a list in the reader's language: "a, b, c" (in Chinese "a、b、c")."""
    return functools.reduce(lambda done, item: tr("{items}, {item}", items=done, item=item), items)


def semicolons(parts: Iterable[str]) -> str:
    """Items that hold commas themselves, one after the other: "a; b" (in Chinese "a；b")."""
    return functools.reduce(lambda done, part: tr("{parts}; {part}", parts=done, part=part), parts)


def sentences(parts: Iterable[str]) -> str:
    """Sentences one after the other: a space between them in English, none in Chinese."""
    return ("" if i18n.current() == "zh" else " ").join(parts)


def selected_years_table(
    balances: pd.DataFrame, years: list[int], source: str | None = None
) -> pd.DataFrame:
    """Balance in USD billion, partners in rows, the chosen years in columns (one source)."""
    chosen = balances[balances["year"].isin(years)]
    if source is not None:
        chosen = chosen[chosen["source"] == source]
    if chosen.duplicated(["partner_label", "year"]).any():
        raise ValueError("selected_years_table: more than one value per partner and year")
    table = chosen.pivot_table(
        index="partner_label",
        columns="year",
        values="balance_usd_millions",
        sort=False,
        aggfunc="first",
    )
    table.index = [tr(label) for label in table.index]
    table.index.name = "partner"
    table.columns.name = None
    return (table / 1000).round(1)


def growth_comparison(growth: pd.DataFrame, claims: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """Our average growth rates beside the study's, where the study states one."""
    claim_of = spec["growth"].get("claims", {})
    claims = claims.set_index("id")
    rows = []
    for row in growth.itertuples():
        claim_id = claim_of.get(row.partner)
        study = float(claims.at[claim_id, "paper_value"]) if claim_id else math.nan
        rows.append(
            {
                "partner": tr(row.partner_label),
                "balance": tr(row.measure),
                "study claim": claim_id or "",
                "study, % per year": study,
                "ours, compound, % per year": round(row.growth_compound_pct_per_year, 1),
                "ours, mean of yearly rates, % per year": round(
                    row.growth_mean_of_yearly_pct_per_year, 1
                ),
            }
        )
    return pd.DataFrame(rows)


def partner_balance_tables(
    tables: dict[str, pd.DataFrame], claims: pd.DataFrame, spec: dict
) -> list[tuple[str, pd.DataFrame]]:
    """What the report shows under the partners exhibit (module f1) beside its figure: the
    balance in selected years (China-reported), the growth rates beside the study's and,
    where the exhibit has it, Japan-reported trade with China."""
    from chinatrade.exhibits.f1.report import japan_reported_table

    balances = tables["main"]
    own = balances[balances["source"] == spec["source_label"]]
    first_year, last_year = int(own["year"].min()), int(own["year"].max())
    step_years = sorted(
        {first_year, *range(first_year - first_year % 5 + 5, last_year, 5), last_year}
    )
    growth = spec["growth"]
    return [
        (
            tr("**Table F1.** Balance in selected years, USD billion (China-reported)."),
            selected_years_table(balances, step_years, spec["source_label"]).reset_index(),
        ),
        (
            tr(
                "**Table F1b.** Average annual growth of China's balance, {first}-{last}, by "
                "two definitions: the compound rate compares the first and last years only; "
                "the mean of the yearly rates is pulled up by years that start from a small "
                "balance (a deficit's growth is the growth of its size; n/a where the balance "
                'changes sign). The study\'s "EU" is compared with EU28, the Union of the '
                "years it describes.",
                first=growth["first_year"],
                last=growth["last_year"],
            ),
            growth_comparison(tables["growth"], claims, spec),
        ),
        *japan_reported_table(tables.get("japan_reported", pd.DataFrame())),
    ]


def value_added_tables(
    tables: dict[str, pd.DataFrame], claims: pd.DataFrame, spec: dict
) -> list[tuple[str, pd.DataFrame]]:
    """Under the value-added exhibit (module v1): its balances and domestic value added."""
    from chinatrade.exhibits.v1.report import report_tables

    return report_tables(tables, claims, spec)


def multinational_tables(
    tables: dict[str, pd.DataFrame], claims: pd.DataFrame, spec: dict
) -> list[tuple[str, pd.DataFrame]]:
    """Under the multinationals exhibit (module m1): affiliates' sales beside US exports by
    year, and the ownership-based view."""
    from chinatrade.exhibits.m1.report import report_tables

    return report_tables(tables, claims, spec)


# the tables the report shows under an exhibit beside its figure and claims, by exhibit module
# (an exhibit module without an entry shows none)
EXHIBIT_REPORT_TABLES = {
    "f1": partner_balance_tables,
    "v1": value_added_tables,
    "m1": multinational_tables,
}


def exhibit_report_tables(
    module: str, tables: dict[str, pd.DataFrame], claims: pd.DataFrame, spec: dict
) -> list[tuple[str, pd.DataFrame]]:
    """Captions (Markdown, in the reader's language) and tables to show under an exhibit."""
    make = EXHIBIT_REPORT_TABLES.get(module)
    return make(tables, claims, spec) if make else []


def provenance_html(provenance: dict, manifest: pd.DataFrame) -> str:
    """Under an exhibit: where its numbers come from, folded (an HTML details element).

    The exhibit's table, the rule and module that wrote it, and for each canonical table it
    read, the rule that made it and the raw files behind that job, each with the start of its
    SHA-256; the data appendix lists every raw file with its full checksum and origin, so a
    reader goes from a number to its raw file in two steps."""
    entries = manifest.set_index("id")

    def code(text: object) -> str:
        return f"<code>{html.escape(str(text))}</code>"

    items = [
        tr(
            "Table {table}, written by rule {rule} (module {module}); its column {column} "
            "names the raw files (manifest ids) of each row.",
            table=code(provenance["table"]),
            rule=code(provenance["rule"]),
            module=code(provenance["module"]),
            column=code(lineage.COLUMN),
        )
    ]
    for source in provenance["inputs"]:
        raw_files = ", ".join(
            tr(
                "{file} ({checksum} {sha256}…)",
                checksum="SHA-256",
                file=code(entries.at[file_id, "file"]),
                sha256=code(entries.at[file_id, "sha256"][:12]),
            )
            for file_id in source["raw_ids"]
        )
        items.append(
            tr(
                "From {table}, made by rule {rule}, whose job reads the raw files {raw_files}.",
                table=code(source["table"]),
                rule=code(source["rule"]),
                raw_files=raw_files,
            )
        )
    listing = "".join(f"<li>{item}</li>" for item in items)
    summary_line = html.escape(tr("Where these numbers come from"))
    return f"<details><summary>{summary_line}</summary><ul>{listing}</ul></details>"


def raw_files_markdown(manifest: pd.DataFrame, raw_ids: list[str]) -> str:
    """The data appendix: every raw file behind the report, with its checksum. The manifest's
    descriptions (publisher, dataset, units, coverage) are its own in English, in another
    language those of ``workflow/report/text/<language>/raw_files.yaml`` by manifest id, which
    must translate the manifest's current English (chinatrade/texts.py: raw_file_text)."""
    entries = manifest.set_index("id", drop=False).loc[raw_ids]
    language = i18n.current()
    lines = []
    for entry in entries.itertuples():
        origin = entry.origin_url or entry.source_pages or tr("(no public address: snapshot only)")
        described = texts.raw_file_text(entry._asdict(), language)
        lines.append(
            tr(
                "- **{file}** ({kind}): {publisher}, {dataset}. Units: {units}. Coverage: "
                "{coverage}. {checksum} `{sha256}`, {size:,} bytes. Origin: {origin}",
                file=entry.file,
                kind=value_label(entry.kind),
                **described,
                checksum="SHA-256",
                sha256=entry.sha256,
                size=int(entry.bytes),
                origin=origin,
            )
        )
    return "\n".join(lines)


def _checked_value(value: float, unit: str) -> str:
    if pd.isna(value):
        return tr("n/a")
    if unit == "year":
        return str(int(value))
    return f"{value:,.4f}" if abs(value) < 100 else f"{value:,.1f}"


def plausibility_markdown(results: pd.DataFrame) -> str:
    """The data appendix's part on the plausibility checks (rule plausibility_checks): how
    many checks ran over how many comparisons and how many passed, then every warning by name
    with both values, the difference and the tolerance. The sources, tolerances and notes are
    kept with their messages and shown in the reader's language."""
    by_check = results.groupby("check_id", sort=False)["status"]
    counts = results["status"].value_counts()
    text = tr(
        "{checks} plausibility checks compared {comparisons:,} values with a second opinion "
        "(another source of the same flow, the year before, the release of the raw file, the "
        "other definition's table), each within the tolerance of the configuration "
        "(`{config}`; every check and its tolerance are listed in `{dictionary}`): {clean} "
        "checks passed every comparison and {warned} warned; {passed:,} comparisons passed and "
        "{warnings} warned. A failed check stops the workflow before this report.",
        checks=by_check.ngroups,
        comparisons=len(results),
        config="plausibility",
        dictionary="data/README.md",
        clean=sum(1 for _, statuses in by_check if (statuses == "pass").all()),
        warned=sum(1 for _, statuses in by_check if (statuses == "warn").any()),
        passed=int(counts.get("pass", 0)),
        warnings=int(counts.get("warn", 0)),
    )
    warnings = results[results["status"] == "warn"]
    if warnings.empty:
        return text + "\n\n" + tr("No check warned.")
    lines = []
    for row in warnings.itertuples():
        fields = dict(
            check=tr(row.check),
            key=row.key,
            value_a=_checked_value(row.value_a, row.unit),
            unit=value_label(row.unit),
            source_a=i18n.render(row.source_a_message),
            tolerance=i18n.render(row.tolerance_message),
            note=i18n.render(row.note_message),
        )
        if pd.isna(row.value_b):
            lines.append(
                tr(
                    "- **{check}** (`{key}`): {value_a} {unit} ({source_a}), no second value; "
                    "tolerance: {tolerance}. {note}",
                    **fields,
                )
            )
            continue
        lines.append(
            tr(
                "- **{check}** (`{key}`): {value_a} {unit} ({source_a}) against {value_b} "
                "({source_b}), difference {difference}; tolerance: {tolerance}. {note}",
                **fields,
                value_b=_checked_value(row.value_b, row.unit),
                source_b=i18n.render(row.source_b_message),
                difference=f"{row.difference:+,.2f}%"
                if row.difference_unit == "%"
                else f"{row.difference:+,.2f} {value_label(row.difference_unit)}",
            )
        )
    return text + "\n\n" + tr("Warnings:") + "\n\n" + "\n".join(lines)


VERDICT_ORDER = list(VERDICTS)
# the replication section's groups: the study's claims, then the news pieces' (counted apart)
CLAIM_GROUPS = {"study": "The study's claims", "news": "News claims (context, not the study's)"}
KIND_LABELS = {
    "exact": "Exact figure",
    "about": 'Approximate figure ("about")',
    "threshold": "Threshold",
    "statement": "Statement or sign",
    "year": "Year",
    "commitment": "Commitment or target",
}


def verdict_label(verdict: str) -> str:
    """A verdict of the replication table (its key stays English in the CSV) for the reader."""
    return tr(verdict)


def verdict_heading(verdict: str, count: int) -> str:
    """The heading of a verdict's group in the replication table: 'Reproduced: 21 claims'."""
    return tr("{verdict}: {count} claims", verdict=tr(verdict.capitalize()), count=count)


def claim_group_heading(claim_of: str, count: int) -> str:
    """The heading of the study's or the news pieces' claims: "The study's claims: 62"."""
    return tr("{group}: {count}", group=tr(CLAIM_GROUPS[claim_of]), count=count)


def replication_summary(replication: pd.DataFrame) -> str:
    """Two sentences: the verdicts on the study's claims, and apart those on the news
    pieces' claims (column ``claim_of``)."""
    counts = verdict_counts(replication)

    def parts(claim_of: str) -> list[str]:
        return [
            tr("{count} {verdict}", count=int(counts.at[v, claim_of]), verdict=verdict_label(v))
            for v in VERDICT_ORDER
        ]

    study = parts("study")
    text = tr(
        "Of the study's {total} numbered claims, {reproduced}, {differs} (the table says why: "
        "definition, vintage, reporter side or an error in the study), {partly} (the table "
        "names what is missing) and {not_computable} from public data (the table says what "
        "data would be needed).",
        total=int(counts["study"].sum()),
        reproduced=study[0],
        differs=study[1],
        partly=study[2],
        not_computable=study[3],
    )
    if counts.at["not a data claim", "study"]:
        text = i18n.join_sentences(text, tr("{count}.", count=study[4]))
    if not counts["news"].sum():
        return text
    news = tr(
        "The {total} claims of the news pieces are counted apart: {verdicts}.",
        total=int(counts["news"].sum()),
        verdicts=listing(p for p, n in zip(parts("news"), counts["news"], strict=True) if n),
    )
    return i18n.join_sentences(text, news)


def replication_rules(replication: pd.DataFrame) -> str:
    """Markdown: the rule of every kind of claim, as the table states it (column ``rule``,
    made with the tolerances the verdicts used), with the number of claims of the kind."""
    table = claim_texts(replication)
    lines = []
    for kind, label in KIND_LABELS.items():
        rows = table[table["kind"] == kind]
        if rows.empty:
            continue
        counts = rows["claim_of"].value_counts()
        lines.append(
            tr(
                "- **{kind}** (claims of the study: {study}; of the news pieces: {news}): {rule}",
                kind=tr(label),
                study=int(counts.get("study", 0)),
                news=int(counts.get("news", 0)),
                rule=rows["rule"].iloc[0],
            )
        )
    return "\n".join([*lines, tr("- {rule}", rule=tr(COMMON_RULE))])


def claim_texts(replication: pd.DataFrame) -> pd.DataFrame:
    """The replication rows with our texts (``our_text``, ``explanation``) in the reader's
    language, rendered from their messages: the table holds them in English."""
    return rendered(replication, i18n.current())


def claim_summaries(rows: pd.DataFrame) -> pd.Series:
    """The study's summary of each claim of the replication rows in the reader's language: the
    claims file's (column ``claim``, English) in English, else the text of the claim's id in
    ``workflow/report/text/<language>/claims.yaml`` (chinatrade/texts.py); the table holds
    the English."""
    language = i18n.current()
    if language == i18n.SOURCE_LANGUAGE:
        return rows["claim"]
    return pd.Series(
        [
            texts.claim_summary(claim_id, english, language)
            for claim_id, english in zip(rows["claim_id"], rows["claim"], strict=True)
        ],
        index=rows.index,
        dtype=object,
    )


def _texts(rows: pd.DataFrame, column: str) -> pd.Series:
    """A text column of the replication rows, "" where empty or absent."""
    if column not in rows:
        return pd.Series("", index=rows.index)
    return rows[column].where(rows[column].map(lambda v: isinstance(v, str)), "")


def claims_view(replication: pd.DataFrame, computed_in: str | None = None) -> pd.DataFrame:
    """The replication rows for the report: claim, the study's value, ours, verdict, why,
    in the reader's language (the study's values and ours are the same in every language)."""
    rows = claim_texts(
        replication
        if computed_in is None
        else replication[replication["computed_in"] == computed_in]
    )

    def ours(row) -> str:
        if pd.notna(row.our_value) and row.unit == "year":
            return f"{row.our_value:.0f}"
        if pd.notna(row.our_value):
            return f"{row.our_value:,.2f}".rstrip("0").rstrip(".")
        return row.our_text if isinstance(row.our_text, str) and row.our_text else tr("n/a")

    # the explanation is rendered in the reader's language; source and reporter side
    # are translated where the catalogue has them
    why = [
        tr(
            "{explanation} [{source}; {reporter_side}]",
            explanation=explanation,
            source=value_label(source),
            reporter_side=value_label(side),
        )
        for explanation, source, side in zip(
            rows["explanation"].fillna(""),
            rows["source"].fillna(""),
            rows["reporter_side"].fillna(""),
            strict=True,
        )
    ]
    # how the rule of the claim's kind applied (after the study's words that make a figure
    # approximate or a threshold), and what part of the data is missing
    applied = []
    for kind, words, test, missing in zip(
        _texts(rows, "kind"),
        _texts(rows, f"words_{i18n.current()}"),
        _texts(rows, "test"),
        _texts(rows, "missing"),
        strict=True,
    ):
        if words and kind in ("about", "threshold"):
            test = tr("“{words}”: {test}", words=words, test=test)
        applied.append(
            tr("{test}; missing: {missing}", test=test, missing=missing) if missing else test
        )
    view = pd.DataFrame(
        {
            "id": rows["claim_id"],
            "claim": claim_summaries(rows),
            "year": rows["year"].fillna(""),
            "study": rows["study_value"],
            "ours": [ours(r) for r in rows.itertuples()],
            "unit": [value_label(u) for u in rows["unit"]],
            "verdict": [verdict_label(v) for v in rows["verdict"]],
            "rule applied": applied,
            "why, and the data used": why,
        },
        index=rows.index,
    )
    others = _texts(rows, "alternatives")
    # other definitions of a value, each judged by the same rule, beside the headline
    return view.assign(**{"other definitions": others}) if others.any() else view


def show(table: pd.DataFrame, digits: int = 1):
    """A table for the report: no index column, fixed decimals, 'n/a' for missing.

    Column headers that are texts are shown in the reader's language (the headers of the
    tables above, and the column names of the workflow's tables shown as they are); numbers
    and values stay. The HTML id comes from the table's content instead of pandas' random
    one, so two runs write the same report.
    """
    # each row's raw files stay in the table's CSV (its provenance line says so)
    table = table.drop(columns=[lineage.COLUMN], errors="ignore")
    years = [str(c).lower() == "year" for c in table.columns]
    table = table.rename(columns=lambda c: tr(c) if isinstance(c, str) else c)
    years = [c for c, is_year in zip(table.columns, years, strict=True) if is_year]
    uuid = hashlib.sha256(table.to_csv().encode()).hexdigest()[:8]
    # pandas' Styler without matplotlib, which only its colour gradients use: 0.9 s less
    # for the report (chinatrade/lean_imports.py)
    lean_imports.import_without("pandas.io.formats.style", ("matplotlib",))
    styled = table.style.set_uuid(uuid).hide(axis="index")
    # text reads from the left; numbers stay right-aligned so that digits line up
    text_columns = [c for c in table.columns if table[c].dtype == object]
    styled = styled.set_properties(subset=text_columns, **{"text-align": "left"})
    styled = styled.set_table_styles([{"selector": "th", "props": [("text-align", "left")]}])
    styled = styled.format(precision=digits, na_rep=tr("n/a"), thousands=",")
    return styled.format("{}", subset=years) if years else styled


def regression_reading(
    coefficients: pd.DataFrame, spec_id: str, title: str, labels: dict | None = None
) -> str:
    """One plain sentence per model: the estimate, its standard error, N and what it says.

    ``title`` is the model's title and ``labels`` its column labels, in the reader's language
    (chinatrade/texts.py). English names the regressor by its column name; another language by
    its label.
    """
    rows = coefficients[coefficients["term_role"] == "regressor"]
    heading = tr("**{title}** ({spec_id}): ", title=title, spec_id=spec_id)
    if rows["by_value"].nunique() > 1:
        significant = rows[rows["p_value"] < 0.05]
        return heading + tr(
            "{count} separate estimates, from {low:.3f} to {high:.3f}; {significant} of them "
            "differ from zero at the 5% level.",
            count=len(rows),
            low=rows["estimate"].min(),
            high=rows["estimate"].max(),
            significant=len(significant),
        )
    row = rows.iloc[0]
    verdict = tr(
        "differs from zero at the 5% level"
        if row["p_value"] < 0.05
        else "is not distinguishable from zero at the 5% level"
    )
    term = row["term"]
    if i18n.current() != i18n.SOURCE_LANGUAGE:
        from chinatrade.analysis.regress import label_of

        term = label_of(term, {"labels": labels or {}})
    return heading + tr(
        "the coefficient on {term} is {estimate:.3f} (standard error {se:.3f}, p = {p:.2f}); "
        "it {verdict}.",
        term=term,
        estimate=row["estimate"],
        se=row["std_error"],
        p=row["p_value"],
        verdict=verdict,
    )


def lead(name: str, body: str) -> str:
    """A paragraph that starts with its name in bold: '**Provinces.** The nine ...'."""
    return tr("**{name}.** {body}", name=tr(name), body=body)


def section_name(row: pd.Series) -> str:
    """An HS section for the reader: 'XVI Machinery, electrical'; in Chinese '第XVI类'."""
    if i18n.current() == i18n.SOURCE_LANGUAGE:
        return str(row["section_label"])
    return tr("section {roman}", roman=row["section_roman"])


def section_findings(sections: pd.DataFrame, spec: dict) -> list[str]:
    """Sentences on China's balance with the US by HS section around the tariffs.

    ``sections``: the table of exhibit F4 (US-reported Comtrade, one row per section and
    year, USD billion); ``spec``: config ``report.beyond_sections`` (``years`` to compare,
    the first being the year before the tariffs; ``top`` sections to follow).
    """
    years = [int(y) for y in spec["years"]]
    missing = sorted(set(years) - set(sections["year"].astype(int)))
    if missing:
        raise ValueError(
            f"config 'report.beyond_sections.years': {missing} not in the sections table "
            f"(years {sections['year'].min()}-{sections['year'].max()})"
        )
    first, last = years[0], years[-1]
    totals = sections.groupby("year")["total_surplus_usd_billions"].first()
    balance = sections.pivot_table(
        index=["section_roman", "section_label"], columns="year", values="balance_usd_billions"
    )
    path = listing(tr("{year}: {value:,.1f}", year=year, value=totals.loc[year]) for year in years)
    found = [
        tr(
            "China's surplus with the US in goods (US-reported, UN Comtrade; USD billion): "
            "{path}; {last} against {first}: {change:+.1f}%.",
            path=path,
            first=first,
            last=last,
            change=100 * (totals.loc[last] / totals.loc[first] - 1),
        )
    ]
    top = balance[first].nlargest(int(spec["top"])).index
    changes = semicolons(
        tr(
            "{section} {start:,.1f} -> {end:,.1f}",
            section=section_name(pd.Series({"section_roman": roman, "section_label": label})),
            start=balance.loc[(roman, label), first],
            end=balance.loc[(roman, label), last],
        )
        for roman, label in top
    )
    share_first = 100 * balance.loc[top, first].sum() / totals.loc[first]
    share_last = 100 * balance.loc[top, last].sum() / totals.loc[last]
    found.append(
        tr(
            "The {n} sections with the largest surplus in {first} ({changes}) held "
            "{share_first:.1f}% of the surplus in {first} and {share_last:.1f}% in {last}.",
            n=len(top),
            first=first,
            last=last,
            changes=changes,
            share_first=share_first,
            share_last=share_last,
        )
    )
    # F4's "major" sections: at least the threshold share of bilateral trade in its years
    major = sections.groupby("section_roman")["is_major"].first().astype(str) == "True"
    flipped = {True: [], False: []}
    for (roman, label), row in balance.iterrows():
        if (row[first] > 0) != (row[last] > 0):
            flipped[bool(major.get(roman, False))].append(
                section_name(pd.Series({"section_roman": roman, "section_label": label}))
                + tr(" ({start:+,.1f} -> {end:+,.1f})", start=row[first], end=row[last])
            )
    found.append(
        tr(
            "Major sections whose balance changed sign between {first} and {last}: {major}; "
            "minor sections: {minor}.",
            first=first,
            last=last,
            major=semicolons(flipped[True]) if flipped[True] else tr("none"),
            minor=semicolons(flipped[False]) if flipped[False] else tr("none"),
        )
    )
    return found
