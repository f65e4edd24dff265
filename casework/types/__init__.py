"""The case types, each declared once in its own module, and the one way to look one up.

`declared(code)` is how every part of the system finds a type: an undeclared code raises
`UndeclaredCaseType`, so that nothing ever falls back to another type's rules.
"""

from casework.types.declaration import CaseTypeDeclaration
from casework.types.readmission import READMISSION
from casework.types.smuggling import SMUGGLING
from casework.types.trafficking import TRAFFICKING

# In the order pages and menus list them.
CASE_TYPES: dict[str, CaseTypeDeclaration] = {
    declaration.code: declaration for declaration in (TRAFFICKING, SMUGGLING, READMISSION)
}


class UndeclaredCaseType(LookupError):
    def __init__(self, code):
        super().__init__(f"No case type {code!r} is declared in casework.types.")
        self.code = code


def declared(code) -> CaseTypeDeclaration:
    """The declaration of case type `code` (a `CaseType` or its string)."""
    try:
        return CASE_TYPES[str(code)]
    except KeyError:
        raise UndeclaredCaseType(code) from None


def declared_types() -> tuple[CaseTypeDeclaration, ...]:
    return tuple(CASE_TYPES.values())
