"""SYNTHETIC China Customs transaction records, for tests and benchmarks only.

Nothing here is data: the records are random draws with a built-in relation, written in the
schema of :mod:`chinatrade.customs` so that the whole customs path (checks, aggregation,
processing shares, regressions) can be tested against a known answer. The workflow never
reads these files unless a user points the config at them by hand.

The design (:func:`generate`):

- 96 HS chapters (01-97 without the reserved 77), each with ``products_per_chapter`` HS8
  codes; chapters, products, partners and provinces are drawn with Zipf-like popularity
  (weight ``rank ** -zipf``), and values are lognormal with a product-specific mean, so most
  HS8 x partner cells are small and a few are very large, as in real declarations;
- each chapter c has a customs processing share s_c ~ U(``share_range``) and a normalised
  balance ``normalised_balance_c = alpha + beta * s_c + e_c``, e_c ~ N(0, ``noise_sd``);
  exports are (1 + nb_c)/2 of its trade, imports (1 - nb_c)/2; processing trade is split
  between exports and imports, the rest between ordinary trade and other regimes;
- after the random draw, the values of each (chapter, regime group, flow) cell are rescaled
  so that the chapter's realised shares are exactly the targets: aggregated to HS2, the
  records satisfy the relation above with the known ``alpha``, ``beta`` and e_c.

Large files are written in chunks (``chunk_rows`` records in memory at a time), twice from
the same seeds: the first pass only sums the cells, the second rescales and writes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from chinatrade.atomic import atomic_path

CHAPTERS = tuple(f"{c:02d}" for c in range(1, 98) if c != 77)
# Partners (ISO3), roughly by importance in China's trade; popularity falls with rank.
PARTNERS = tuple(
    """USA HKG JPN KOR VNM DEU AUS TWN MYS RUS BRA NLD IND GBR SGP THA IDN SAU FRA MEX CAN
    ITA PHL CHL ARE ZAF IRQ ESP KAZ TUR BEL POL OMN PER IRN NGA ISR PAK BGD KWT ARG CHE SWE
    NZL EGY COL AGO CZE HUN MMR KHM UKR DNK AUT FIN NOR IRL GRC PRT ROU UZB QAT LKA ETH KEN
    GHA DZA MAR TZA ECU PAN URY SVK SVN LTU EST LVA BGR HRV MNG LAO NPL BRN FJI PNG CMR CIV
    SEN ZMB ZWE MOZ SDN LBY TUN JOR LBN BHR AZE GEO ARM BLR KGZ TJK TKM""".split()
)
# GB/T 2260 province codes, the large trading provinces first.
PROVINCES = (
    "440000 320000 330000 310000 110000 370000 350000 120000 210000 500000 510000 340000 "
    "410000 420000 430000 360000 450000 130000 610000 530000 230000 220000 140000 150000 "
    "460000 650000 520000 620000 640000 630000 540000"
).split()
GROUPS = ("ordinary", "processing_customs", "other")
FLOWS = ("exports", "imports")
# (group) -> (codes, probabilities); 4-digit supervision codes and their 2-digit statistics
REGIME_CODES = {
    4: {
        "ordinary": (("0110",), (1.0,)),
        "processing_customs": (("0214", "0615", "0715"), (0.15, 0.6, 0.25)),
        "other": (
            ("1233", "5034", "4019", "9739", "0420", "1523"),
            (0.3, 0.3, 0.15, 0.15, 0.05, 0.05),
        ),
    },
    2: {
        "ordinary": (("10",), (1.0,)),
        "processing_customs": (("14", "15"), (0.25, 0.75)),
        "other": (("33", "34", "19", "39", "20", "23"), (0.3, 0.3, 0.15, 0.15, 0.05, 0.05)),
    },
}
N_CELLS = len(GROUPS) * len(FLOWS)  # cell index = group * 2 + flow


def _zipf(n: int, exponent: float) -> np.ndarray:
    weights = np.arange(1, n + 1, dtype=float) ** -exponent
    return weights / weights.sum()


def _chapter_targets(
    rng: np.random.Generator,
    alpha: float,
    beta: float,
    noise_sd: float,
    share_range: tuple[float, float],
) -> pd.DataFrame:
    """Per chapter: the target shares of each (group, flow) cell in its trade."""
    n = len(CHAPTERS)
    share = rng.uniform(*share_range, size=n)
    noise = rng.normal(0.0, noise_sd, size=n)
    balance = alpha + beta * share + noise
    if np.any(np.abs(balance) >= 0.95):
        raise ValueError(
            "alpha, beta, noise_sd and share_range give a normalised balance outside "
            f"(-0.95, 0.95) (range {balance.min():.3f} to {balance.max():.3f}); choose smaller "
            "values so that every chapter has both exports and imports"
        )
    exports = (1 + balance) / 2
    imports = 1 - exports
    # processing exports / processing trade: in [0.45, 0.8] where feasible
    low = np.maximum(0.45, 1 - imports / share)
    high = np.minimum(0.8, exports / share)
    infeasible = low > high
    low = np.where(infeasible, np.maximum(0.0, 1 - imports / share), low)
    high = np.where(infeasible, np.minimum(1.0, exports / share), high)
    phi = rng.uniform(low, high)
    processing_x, processing_m = phi * share, (1 - phi) * share
    other_x = rng.uniform(0.05, 0.3, size=n) * (exports - processing_x)
    other_m = rng.uniform(0.05, 0.3, size=n) * (imports - processing_m)
    ordinary_x = exports - processing_x - other_x
    ordinary_m = imports - processing_m - other_m
    cells = np.column_stack([ordinary_x, ordinary_m, processing_x, processing_m, other_x, other_m])
    return pd.DataFrame(
        {
            "hs_chapter": CHAPTERS,
            "processing_share_customs": share,
            "noise": noise,
            "normalised_balance": balance,
            "processing_share_non_ordinary": 1 - ordinary_x - ordinary_m,
            **{
                f"{flow}_{group}_share": cells[:, g * 2 + f]
                for g, group in enumerate(GROUPS)
                for f, flow in enumerate(FLOWS)
            },
        }
    )


class _Design:
    """Everything drawn once per (seed, year): popularity, products, chapter targets."""

    def __init__(self, year, seed, alpha, beta, noise_sd, share_range, products, zipf, mu):
        rng = np.random.default_rng([seed, year, 0])
        self.targets = _chapter_targets(rng, alpha, beta, noise_sd, share_range)
        self.cell_weights = self.targets[
            [f"{f}_{g}_share" for g in GROUPS for f in FLOWS]
        ].to_numpy()
        self.cell_cumulative = np.cumsum(self.cell_weights, axis=1)
        self.chapter_p = _zipf(len(CHAPTERS), zipf)[rng.permutation(len(CHAPTERS))]
        self.product_p = _zipf(products, zipf)
        self.partner_p = _zipf(len(PARTNERS), zipf)
        self.province_p = _zipf(len(PROVINCES), zipf)
        self.products = products
        suffixes = np.array(
            [rng.choice(1_000_000, products, replace=False) for _ in CHAPTERS]
        )  # chapters x products
        self.hs8 = np.array(
            [f"{CHAPTERS[c]}{s:06d}" for c in range(len(CHAPTERS)) for s in suffixes[c]]
        )
        self.product_mu = mu + rng.normal(0.0, 1.0, size=len(self.hs8))  # log USD per record


def _draw_chunk(design: _Design, rng: np.random.Generator, n: int, seeded: bool, sigma: float):
    """(chapter, cell, product, partner, province, month, value) arrays of n records.

    With ``seeded``, the first ``96 * 6`` records hold every (chapter, cell) once, so that
    no cell with a positive target is empty.
    """
    n_chapters = len(CHAPTERS)
    chapter = rng.choice(n_chapters, size=n, p=design.chapter_p)
    u = rng.random(n)
    cell = (u[:, None] > design.cell_cumulative[chapter]).sum(axis=1).clip(max=N_CELLS - 1)
    if seeded:
        k = n_chapters * N_CELLS
        chapter[:k] = np.repeat(np.arange(n_chapters), N_CELLS)
        cell[:k] = np.tile(np.arange(N_CELLS), n_chapters)
    product = chapter * design.products + rng.choice(design.products, size=n, p=design.product_p)
    partner = rng.choice(len(PARTNERS), size=n, p=design.partner_p)
    province = rng.choice(len(PROVINCES), size=n, p=design.province_p)
    month = rng.integers(1, 13, size=n)
    value = np.exp(design.product_mu[product] + sigma * rng.standard_normal(n))
    return chapter, cell, product, partner, province, month, value


def _chunks(n_rows: int, chunk_rows: int) -> list[int]:
    sizes = [chunk_rows] * (n_rows // chunk_rows)
    if n_rows % chunk_rows:
        sizes.append(n_rows % chunk_rows)
    return sizes


def generate(
    path: str | Path,
    year: int,
    n_rows: int,
    seed: int,
    beta: float = 0.8,
    alpha: float = -0.25,
    noise_sd: float = 0.05,
    share_range: tuple[float, float] = (0.05, 0.75),
    *,
    products_per_chapter: int = 120,
    zipf: float = 1.1,
    value_log_mean: float = 10.5,
    value_log_sd: float = 1.8,
    code_digits: int = 4,
    chunk_rows: int = 1_000_000,
    row_group_rows: int = 250_000,
) -> pd.DataFrame:
    """Write ``n_rows`` SYNTHETIC customs records of ``year`` to ``path``; return the truth.

    ``path``: ``.parquet`` (row groups of ``row_group_rows``) or ``.csv``; written atomically
    in chunks of ``chunk_rows`` records. Columns as in :mod:`chinatrade.customs`: ``year``,
    ``month``, ``hs_code`` (HS8), ``partner`` (ISO3), ``province`` (GB/T 2260),
    ``customs_regime`` (4-digit supervision codes, or 2-digit with ``code_digits=2``),
    ``flow``, ``value_usd`` (USD).

    Returns one row per HS chapter: ``hs_chapter``, ``processing_share_customs``, ``noise``,
    ``normalised_balance`` (= ``alpha + beta * processing_share_customs + noise``, exactly
    what the records give at HS2), ``processing_share_non_ordinary``, the target share of
    each (flow, regime group) cell, ``trade_usd`` (the chapter's exports + imports, USD),
    and ``year``, ``alpha``, ``beta``, ``seed``.
    """
    if code_digits not in REGIME_CODES:
        raise ValueError(f"code_digits: {code_digits!r} is not 2 or 4")
    minimum = len(CHAPTERS) * N_CELLS
    if n_rows < minimum:
        raise ValueError(f"n_rows: {n_rows} is below {minimum} (one record per chapter x cell)")
    if chunk_rows < minimum:
        raise ValueError(f"chunk_rows: {chunk_rows} is below {minimum}")
    path = Path(path)
    kind = "csv" if path.suffix.lower() == ".csv" else "parquet"
    design = _Design(
        year,
        seed,
        alpha,
        beta,
        noise_sd,
        share_range,
        products_per_chapter,
        zipf,
        value_log_mean,
    )
    sizes = _chunks(n_rows, chunk_rows)

    # pass 1: the realised sum of every (chapter, cell)
    sums = np.zeros(len(CHAPTERS) * N_CELLS)
    for k, size in enumerate(sizes):
        chapter, cell, *_, value = _draw_chunk(
            design, np.random.default_rng([seed, year, k + 1]), size, k == 0, value_log_sd
        )
        sums += np.bincount(chapter * N_CELLS + cell, weights=value, minlength=sums.size)
    sums = sums.reshape(len(CHAPTERS), N_CELLS)
    totals = sums.sum(axis=1)
    scale = totals[:, None] * design.cell_weights / sums

    codes = REGIME_CODES[code_digits]
    group_codes = [np.array(codes[g][0]) for g in GROUPS]
    group_cum = [np.cumsum(codes[g][1]) for g in GROUPS]
    schema = pa.schema(
        [
            ("year", pa.int32()),
            ("month", pa.int32()),
            ("hs_code", pa.string()),
            ("partner", pa.string()),
            ("province", pa.string()),
            ("customs_regime", pa.string()),
            ("flow", pa.string()),
            ("value_usd", pa.float64()),
        ]
    )
    partners = np.array(PARTNERS)
    provinces = np.array(PROVINCES)
    flows = np.array(FLOWS)

    # pass 2: the same draws, rescaled, written
    with atomic_path(path) as tmp:
        writer = (
            pacsv.CSVWriter(tmp, schema)
            if kind == "csv"
            else pq.ParquetWriter(tmp, schema, compression="zstd")
        )
        try:
            for k, size in enumerate(sizes):
                rng = np.random.default_rng([seed, year, k + 1])
                chapter, cell, product, partner, province, month, value = _draw_chunk(
                    design, rng, size, k == 0, value_log_sd
                )
                value = value * scale[chapter, cell]
                group, flow = cell // 2, cell % 2
                regime = np.empty(size, dtype=object)
                pick = rng.random(size)
                for g in range(len(GROUPS)):
                    rows = group == g
                    index = np.searchsorted(group_cum[g], pick[rows] * group_cum[g][-1])
                    regime[rows] = group_codes[g][index.clip(max=len(group_codes[g]) - 1)]
                table = pa.table(
                    [
                        pa.array(np.full(size, year, dtype=np.int32)),
                        pa.array(month.astype(np.int32)),
                        pa.array(design.hs8[product]),
                        pa.array(partners[partner]),
                        pa.array(provinces[province]),
                        pa.array(regime, type=pa.string()),
                        pa.array(flows[flow]),
                        pa.array(value),
                    ],
                    schema=schema,
                )
                if kind == "csv":
                    writer.write_table(table)
                else:
                    writer.write_table(table, row_group_size=row_group_rows)
        finally:
            writer.close()

    truth = design.targets.copy()
    truth["trade_usd"] = totals
    truth["year"] = year
    truth["alpha"] = alpha
    truth["beta"] = beta
    truth["seed"] = seed
    return truth
