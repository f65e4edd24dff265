"""Which draw makes each case type's demo records: a type is seeded only once it is drawn.

Kept here, not in the declarations: `casework.types` holds no demo code, only weights. A type
without a drawing of its own is drawn from those weights where it can be. Looking up a type
raises when it is not declared, or cannot be drawn: no type is drawn as another.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from casework.demo.cases import (
    NO_IDENTITY,
    Block,
    Draw,
    codes_of,
    facilitators,
    incidents,
    migrants,
    returnees,
    victims,
)
from casework.types import declared
from casework.types.declaration import BOOLEAN, CODE, CODES, CaseTypeDeclaration


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
    """How case type `case_type`'s demo records are drawn: by its own drawing, or from its
    declaration's weights. Raises `UndeclaredCaseType`, or `NotDrawn` for a declared type the
    demo cannot draw (or draws without all its rows)."""
    declaration = declared(case_type)
    found = DRAWINGS.get(declaration.code) or _declared_drawing(declaration)
    if found is None or set(found.rows) != {rows.name for rows in declaration.rows}:
        raise NotDrawn(declaration)
    return found


def _declared_drawing(declaration: CaseTypeDeclaration) -> Drawing | None:
    """A record drawn field by field from the declared weights: a new person-shaped type
    gets demo cases from its declaration alone. Rows, and countries without weights (there
    is no even draw over the world), need a drawing of their own."""
    weights = declaration.demo.weights if declaration.demo else {}
    fields = declaration.entered_fields
    closed = (CODE, CODES, BOOLEAN)
    if declaration.rows or any(f.kind not in closed and f.name not in weights for f in fields):
        return None

    def record(draw: Draw, block: Block) -> dict[str, list]:
        drawn = {}
        for f in fields:
            column = draw.column(weights.get(f.name) or _evenly(f), block.size)
            # A set of codes is weighted as "sexual|forced_labour", as the region's tables are.
            drawn[f.name] = [codes_of(value) for value in column] if f.kind == CODES else column
        for derivation in declaration.derivations:
            inputs = zip(*(drawn[name] for name in derivation.inputs), strict=True)
            drawn[derivation.field] = [derivation.of(*values) for values in inputs]
        for f in fields:
            if f.kind == CODES:
                to_mask = declaration.model._meta.get_field(f.name).to_mask
                drawn[f.name] = [to_mask(codes) for codes in drawn[f.name]]
        return {**drawn, **(NO_IDENTITY if declaration.person else {})}

    return Drawing(record)


def _evenly(declared_field) -> dict:
    if declared_field.kind == BOOLEAN:
        return {False: 1, True: 1}
    return dict.fromkeys(declared_field.vocabulary.values, 1)
