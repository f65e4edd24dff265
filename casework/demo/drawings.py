"""Which draw makes each case type's demo records: a type is seeded only once it is drawn.

Kept here, not in the declarations: `casework.types` holds no demo code. Looking up a type
raises when it is not declared, or declared but never drawn: no type is drawn as another.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from casework.demo.cases import (
    Block,
    Draw,
    facilitators,
    incidents,
    migrants,
    returnees,
    victims,
)
from casework.types import declared
from casework.types.declaration import CaseTypeDeclaration


@dataclass(frozen=True)
class Drawing:
    """The draw of a block's type records (as columns), and of each of the rows they hold, by
    the rows' name, each given the block's case ids."""

    record: Callable[[Draw, Block], dict[str, list]]
    rows: dict[str, Callable[[Draw, Block, list[int]], dict[str, list]]] = field(
        default_factory=dict
    )


DRAWINGS = {
    "trafficking": Drawing(victims),
    "smuggling": Drawing(incidents, {"migrants": migrants, "facilitators": facilitators}),
    "readmission": Drawing(returnees),
}


class NotDrawn(LookupError):
    def __init__(self, declaration: CaseTypeDeclaration):
        super().__init__(f"Case type {declaration.code!r} has no drawing in casework.demo.")


def drawing(case_type) -> Drawing:
    """How case type `case_type`'s demo records are drawn. Raises `UndeclaredCaseType`, or
    `NotDrawn` for a declared type the demo does not draw, or draws without all its rows."""
    declaration = declared(case_type)
    found = DRAWINGS.get(declaration.code)
    if found is None or set(found.rows) != {rows.name for rows in declaration.rows}:
        raise NotDrawn(declaration)
    return found
