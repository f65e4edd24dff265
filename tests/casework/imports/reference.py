"""Case records consistent with a published reference table (UNODC, Albania 2009–2013)."""

import csv
from collections import defaultdict
from pathlib import Path

ALBANIA_CSV = (
    Path(__file__).resolve().parents[2] / "reference" / "unodc-glotip-albania-2009-2013.csv"
)


def albania_reference() -> list[dict]:
    """The published rows: territory, year, table, sex, age, value."""
    with ALBANIA_CSV.open(encoding="utf-8") as published:
        return list(csv.DictReader(published))


def albania_cases(reference: list[dict]) -> list[dict]:
    """One victim per count: totals and minors/adults as published; where girls and boys are
    published, minors split by sex; adults female unless stated."""
    cells = defaultdict(dict)
    for row in reference:
        cells[int(row["year"])][(row["table"], row["sex"], row["age"])] = int(row["value"])
    victims = []
    for year, cell in sorted(cells.items()):
        minors = cell[("thb_victims_sex_age", "total", "minor")]
        adults = cell[("thb_victims_sex_age", "total", "adult")]
        assert minors + adults == cell[("thb_victims", "total", "total")]
        girls = cell.get(("thb_victims_sex_age", "female", "minor"), minors)
        boys = cell.get(("thb_victims_sex_age", "male", "minor"), 0)
        assert girls + boys == minors
        victims += [(year, "female", "9-17")] * girls
        victims += [(year, "male", "9-17")] * boys
        victims += [(year, "female", "21-23")] * adults
    return [
        {"identified_month": f"{year}-{(i % 12) + 1:02d}", "sex": sex, "age_group": age}
        for i, (year, sex, age) in enumerate(victims)
    ]


def albania_cases_csv(reference: list[dict]) -> str:
    header = (
        "identified_month,sex,age_group,citizenship,victim_status,exploitation,"
        "country_of_exploitation,identified_by"
    )
    lines = [header] + [
        f"{c['identified_month']},{c['sex']},{c['age_group']},AL,identified,sexual,AL,police"
        for c in albania_cases(reference)
    ]
    return "\r\n".join(lines) + "\r\n"
