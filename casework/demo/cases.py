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

PERSON = ("pseudonym", "pseudonym_key_version", "is_repeat")
NO_IDENTITY = (None, None, False)  # synthetic people have no identity to hash

VICTIM_COLUMNS = [
    "sex", "age_group", "citizenship", *PERSON, "victim_status", "exploitation",
    "exploitation_category", "country_of_exploitation", "identified_by", "recruitment",
    "assistance", "scope",
]  # fmt: skip
INCIDENT_COLUMNS = ["location_type", "border_with", "direction", "transport"]
MIGRANT_COLUMNS = ["sex", "age_group", "citizenship", *PERSON, "unaccompanied", "asylum_requested"]
FACILITATOR_COLUMNS = ["citizenship", "sex"]
RETURNEE_COLUMNS = [
    "sex", "age_group", "citizenship", *PERSON, "returning_state", "returnee_category",
    "procedure", "return_type", "prior_asylum_claim", "reintegration_assistance",
]  # fmt: skip


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


def _codes(text: str) -> list[str]:
    return [code for code in text.split("|") if code]


def victims(draw: Draw, block: Block) -> list[tuple]:
    """Victims of one block, in VICTIM_COLUMNS order."""
    n, y, home = block.size, block.year_index, block.territory
    sexes = draw.column(region.SEX_OF_VICTIMS, n)
    women = draw.column(region.EXPLOITATION_OF_WOMEN, n, y)
    men = draw.column(region.EXPLOITATION_OF_MEN, n, y)
    forms = [_codes(m if sex == "male" else w) for sex, w, m in zip(sexes, women, men, strict=True)]
    own = draw.chance(region.VICTIM_IS_OWN_NATIONAL, n)
    foreign = draw.column(region.FOREIGN_VICTIMS, n)
    citizenships = [home if o else f for o, f in zip(own, foreign, strict=True)]
    at_home = draw.chance(region.EXPLOITED_AT_HOME, n)
    abroad = draw.column(region.EXPLOITED_ABROAD, n)
    places = [home if h else a for h, a in zip(at_home, abroad, strict=True)]
    assistance = draw.column(region.ASSISTANCE, n)
    return [
        (sex, age, citizenship, *NO_IDENTITY, status, _EXPLOITATION.to_mask(form),
         exploitation_category(form), place, identified_by, recruitment,
         _ASSISTANCE.to_mask(_codes(helped)),
         trafficking_scope(citizenship=citizenship, country_of_exploitation=place))
        for sex, age, citizenship, status, form, place, identified_by, recruitment, helped
        in zip(
            sexes, draw.column(region.AGE_OF_VICTIMS, n), citizenships,
            draw.column(region.VICTIM_STATUSES, n), forms, places,
            draw.column(region.IDENTIFIED_BY, n), draw.column(region.RECRUITMENT, n),
            assistance, strict=True,
        )
    ]  # fmt: skip


def incidents(draw: Draw, block: Block) -> list[tuple]:
    """Incidents of one block, in INCIDENT_COLUMNS order."""
    n = block.size
    rows = []
    for location, border, direction, transport in zip(
        draw.column(region.LOCATION_TYPES, n),
        draw.column(region.BORDERS[block.territory], n),
        draw.column(region.DIRECTIONS, n),
        draw.column(region.TRANSPORT, n),
        strict=True,
    ):
        if location == "inland":
            border, direction = "", "inland"
        elif location == "blue_border":
            transport = "boat"
        rows.append((location, border, direction, transport))
    return rows


def _per_incident(draw: Draw, counts: dict, case_ids: list[int]) -> list[int]:
    """Each incident's id repeated by a count drawn for it: one entry per person."""
    drawn = draw.column(counts, len(case_ids))
    return [case_id for case_id, n in zip(case_ids, drawn, strict=True) for _ in range(n)]


def migrants(draw: Draw, block: Block, case_ids: list[int]) -> list[tuple]:
    """The migrants of one block's incidents: (incident, *MIGRANT_COLUMNS)."""
    incidents_of = _per_incident(draw, region.MIGRANTS_PER_INCIDENT, case_ids)
    n = len(incidents_of)
    ages = draw.column(region.AGE_OF_MIGRANTS, n)
    alone = draw.chance(region.UNACCOMPANIED_MINORS, n)
    return [
        (incident, sex, age, citizenship, *NO_IDENTITY, age in MINOR_BANDS and a, asylum)
        for incident, sex, age, citizenship, a, asylum in zip(
            incidents_of, draw.column(region.SEX_OF_MIGRANTS, n), ages,
            draw.column(region.MIGRANT_CITIZENSHIPS, n, block.year_index), alone,
            draw.chance(region.ASYLUM_REQUESTED, n), strict=True,
        )
    ]  # fmt: skip


def facilitators(draw: Draw, block: Block, case_ids: list[int]) -> list[tuple]:
    """The facilitators of one block's incidents: (incident, *FACILITATOR_COLUMNS)."""
    incidents_of = _per_incident(draw, region.FACILITATORS_PER_INCIDENT, case_ids)
    n = len(incidents_of)
    citizenships = draw.column(region.FACILITATOR_CITIZENSHIPS, n)
    return [
        (incident, block.territory if citizenship == "own" else citizenship, sex)
        for incident, citizenship, sex in zip(
            incidents_of, citizenships, draw.column(region.SEX_OF_FACILITATORS, n), strict=True
        )
    ]


def returnees(draw: Draw, block: Block) -> list[tuple]:
    """Returnees of one block, in RETURNEE_COLUMNS order."""
    n = block.size
    categories = draw.column(region.RETURNEE_CATEGORIES, n)
    foreign = draw.column(region.RETURNED_FOREIGNERS, n)
    citizenships = [
        block.territory if c == "own_national" else "STLS" if c == "stateless" else f
        for c, f in zip(categories, foreign, strict=True)
    ]
    return [
        (sex, age, citizenship, *NO_IDENTITY, state, category, procedure, return_type, asylum,
         reintegration)
        for sex, age, citizenship, state, category, procedure, return_type, asylum,
        reintegration in zip(
            draw.column(region.SEX_OF_RETURNEES, n), draw.column(region.AGE_OF_RETURNEES, n),
            citizenships, draw.column(region.RETURNING_STATES, n), categories,
            draw.column(region.PROCEDURES, n), draw.column(region.RETURN_TYPES, n),
            draw.column(region.PRIOR_ASYLUM_CLAIMS, n), draw.column(region.REINTEGRATION, n),
            strict=True,
        )
    ]  # fmt: skip
