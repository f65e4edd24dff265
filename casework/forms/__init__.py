"""The caseworker's forms: one per case type, turning posted fields into the services' case data.

Case data is what `casework.records` expects (see tests/casework/cases.py): codes, `month` as
the first day of a month, lists for multi-valued codes, and `identity` only when all three
identity fields were given. Identity fields are turned into an `Identity` during cleaning
and never rendered back: their widgets always render empty (see `identity`).

The pages use `CaseEntry` (a case type's form and, for smuggling, its rows), `CaseFilterForm`
and `CaseActionForm`.
"""

from casework.forms.actions import CaseActionForm
from casework.forms.entry import CaseEntry
from casework.forms.filters import CaseFilterForm
from casework.forms.month import this_month

__all__ = ["CaseActionForm", "CaseEntry", "CaseFilterForm", "this_month"]
