"""Drawing synthetic cases from the region's shape, a column at a time.

A block is the cases of one (case type, territory, year). Each column of a block is drawn in
one call (`random.choices` with k = the block's size), which is what lets a million cases be
drawn in seconds; conditional columns (men and women have different exploitation tables) are
drawn for both sides and picked per row. Everything comes from one `random.Random(seed)` in a
fixed order, so a seed always gives the same region.
"""

import datetime
import random
from dataclasses import dataclass
from itertools import accumulate

from casework.codes import MINOR_BANDS, exploitation_category, trafficking_scope
from casework.demo import region
from casework.models import TraffickingVictim


@dataclass(frozen=True)
class Block:
    case_type: str
    territory: str
    year: int
    size: int

    @property
    def year_index(self) -> int:
        return region.YEARS.index(self.year)


def blocks(total: int) -> list[Block]:
    """`total` cases shared over (case type, territory, year) by the region's weights.

    Largest remainders: the sizes add up to `total` exactly, whatever it is.
    """
    shares = {}
    type_weight = sum(region.CASE_TYPES.values())
    territory_weight = sum(region.TERRITORIES.values())
    for case_type, type_share in region.CASE_TYPES.items():
        trend = region.YEAR_TRENDS[case_type]
        for territory, territory_share in region.TERRITORIES.items():
            for year, year_share in zip(region.YEARS, trend, strict=True):
                shares[case_type, territory, year] = (
                    type_share / type_weight
                    * territory_share / territory_weight
                    * year_share / sum(trend)
                )  # fmt: skip
    exact = {key: share * total for key, share in shares.items()}
    sizes = {key: int(value) for key, value in exact.items()}
    by_remainder = sorted(exact, key=lambda key: (sizes[key] - exact[key], key))
    for key in by_remainder[: total - sum(sizes.values())]:
        sizes[key] += 1
    return [Block(*key, size) for key, size in sizes.items() if size]


class Draw:
    """Columns drawn from weight tables, all from one seeded generator."""

    def __init__(self, seed: int):
        self.random = random.Random(seed)

    def column(self, weights: dict, k: int, year_index: int | None = None) -> list:
        codes = list(weights)
        values = [w[year_index] if isinstance(w, list) else w for w in weights.values()]
        return self.random.choices(codes, cum_weights=list(accumulate(values)), k=k)

    def chance(self, percent: float, k: int) -> list[bool]:
        threshold = percent / 100
        draw = self.random.random
        return [draw() < threshold for _ in range(k)]

    def months(self, year: int, k: int) -> list[datetime.date]:
        firsts = [datetime.date(year, month, 1) for month in range(1, 13)]
        return self.random.choices(firsts, k=k)

    def statuses(self, k: int) -> list[str]:
        return self.column(region.STATUSES, k)


_EXPLOITATION = TraffickingVictim._meta.get_field("exploitation")
_ASSISTANCE = TraffickingVictim._meta.get_field("assistance")
# Synthetic people have no identity to hash.
NO_IDENTITY = {"pseudonym": None, "pseudonym_key_version": None, "is_repeat": False}


def codes_of(text: str) -> list[str]:
    return [code for code in text.split("|") if code]


def _either(condition: list[bool], yes, no: list) -> list:
    """Per row: `yes` (one value, or a list) where the condition holds, else `no`."""
    if isinstance(yes, list):
        return [y if c else n for c, y, n in zip(condition, yes, no, strict=True)]
    return [yes if c else n for c, n in zip(condition, no, strict=True)]


def victims(draw: Draw, block: Block) -> dict[str, list]:
    """The victims of one block, as columns."""
    n, y, home = block.size, block.year_index, block.territory
    sexes = draw.column(region.SEX_OF_VICTIMS, n)
    forms = _either(
        [sex == "male" for sex in sexes],
        draw.column(region.EXPLOITATION_OF_MEN, n, y),
        draw.column(region.EXPLOITATION_OF_WOMEN, n, y),
    )
    citizenships = _either(
        draw.chance(region.VICTIM_IS_OWN_NATIONAL, n), home, draw.column(region.FOREIGN_VICTIMS, n)
    )
    places = _either(
        draw.chance(region.EXPLOITED_AT_HOME, n), home, draw.column(region.EXPLOITED_ABROAD, n)
    )
    return {
        "sex": sexes,
        "age_group": draw.column(region.AGE_OF_VICTIMS, n),
        "citizenship": citizenships,
        **NO_IDENTITY,
        "victim_status": draw.column(region.VICTIM_STATUSES, n),
        "exploitation": [_EXPLOITATION.to_mask(codes_of(form)) for form in forms],
        "exploitation_category": [exploitation_category(codes_of(form)) for form in forms],
        "country_of_exploitation": places,
        "identified_by": draw.column(region.IDENTIFIED_BY, n),
        "recruitment": draw.column(region.RECRUITMENT, n),
        "assistance": [_ASSISTANCE.to_mask(codes_of(x)) for x in draw.column(region.ASSISTANCE, n)],
        "scope": [
            trafficking_scope(citizenship=c, country_of_exploitation=p)
            for c, p in zip(citizenships, places, strict=True)
        ],
    }


def incidents(draw: Draw, block: Block) -> dict[str, list]:
    """The incidents of one block, as columns: no border inland, a boat at a blue border."""
    n = block.size
    locations = draw.column(region.LOCATION_TYPES, n)
    inland = [location == "inland" for location in locations]
    return {
        "location_type": locations,
        "border_with": _either(inland, "", draw.column(region.BORDERS[block.territory], n)),
        "direction": _either(inland, "inland", draw.column(region.DIRECTIONS, n)),
        "transport": _either(
            [location == "blue_border" for location in locations],
            "boat",
            draw.column(region.TRANSPORT, n),
        ),
    }


def _per_incident(draw: Draw, counts: dict, case_ids: list[int]) -> list[int]:
    """Each incident's id repeated by a count drawn for it: one entry per person."""
    drawn = draw.column(counts, len(case_ids))
    return [case_id for case_id, n in zip(case_ids, drawn, strict=True) for _ in range(n)]


def migrants(draw: Draw, block: Block, case_ids: list[int]) -> dict[str, list]:
    """The migrants of one block's incidents, as columns."""
    incidents_of = _per_incident(draw, region.MIGRANTS_PER_INCIDENT, case_ids)
    n = len(incidents_of)
    ages = draw.column(region.AGE_OF_MIGRANTS, n)
    alone = draw.chance(region.UNACCOMPANIED_MINORS, n)
    return {
        "incident": incidents_of,
        "sex": draw.column(region.SEX_OF_MIGRANTS, n),
        "age_group": ages,
        "citizenship": draw.column(region.MIGRANT_CITIZENSHIPS, n, block.year_index),
        **NO_IDENTITY,
        "unaccompanied": [age in MINOR_BANDS and a for age, a in zip(ages, alone, strict=True)],
        "asylum_requested": draw.chance(region.ASYLUM_REQUESTED, n),
    }


def facilitators(draw: Draw, block: Block, case_ids: list[int]) -> dict[str, list]:
    """The facilitators of one block's incidents, as columns."""
    incidents_of = _per_incident(draw, region.FACILITATORS_PER_INCIDENT, case_ids)
    n = len(incidents_of)
    citizenships = draw.column(region.FACILITATOR_CITIZENSHIPS, n)
    return {
        "incident": incidents_of,
        "citizenship": [block.territory if c == "own" else c for c in citizenships],
        "sex": draw.column(region.SEX_OF_FACILITATORS, n),
    }


def returnees(draw: Draw, block: Block) -> dict[str, list]:
    """The returnees of one block, as columns: own nationals hold the territory's citizenship."""
    n = block.size
    categories = draw.column(region.RETURNEE_CATEGORIES, n)
    foreign = draw.column(region.RETURNED_FOREIGNERS, n)
    return {
        "sex": draw.column(region.SEX_OF_RETURNEES, n),
        "age_group": draw.column(region.AGE_OF_RETURNEES, n),
        "citizenship": [
            block.territory if c == "own_national" else "STLS" if c == "stateless" else f
            for c, f in zip(categories, foreign, strict=True)
        ],
        **NO_IDENTITY,
        "returning_state": draw.column(region.RETURNING_STATES, n),
        "returnee_category": categories,
        "procedure": draw.column(region.PROCEDURES, n),
        "return_type": draw.column(region.RETURN_TYPES, n),
        "prior_asylum_claim": draw.column(region.PRIOR_ASYLUM_CLAIMS, n),
        "reintegration_assistance": draw.column(region.REINTEGRATION, n),
    }
