"""The case the vintage tests take in: China's 2024 row of the Census extract, revised."""

SELECTED = "bilateral/census_us_goods_trade_selected_partners_2023_2024.csv"
SELECTED_ID = "census_us_goods_trade_selected_partners_2023_2024"
# China's 2024 row of the extract, and a revised one that keeps exports - imports = balance
# (imports and the deficit 10 bn larger): an edit a new Census release could make
CHINA_2024 = "2024,CHN,5700,143271.7,440319.4,-297047.7"
CHINA_2024_REVISED = "2024,CHN,5700,143271.7,450319.4,-307047.7"
