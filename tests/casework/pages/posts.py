"""The case data of tests/casework/cases.py as a browser would post it to the case pages."""

import re

from tests.casework.cases import DATA

ROWS = ("migrants", "facilitators")


def field_value(value):
    if isinstance(value, bool):
        return "on" if value else None
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m")
    return value


def fields(values: dict, prefix: str = "") -> dict:
    posted = {prefix + name: field_value(value) for name, value in values.items()}
    return {name: value for name, value in posted.items() if value is not None}


def formset(prefix: str, rows: list[dict], *, blank: int = 1, initial: int = 0) -> dict:
    """A formset's management form and rows, with `blank` untouched extra rows after them."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows) + blank),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update(fields(row, prefix=f"{prefix}-{i}-"))
    return data


def as_post(case_type: str, *, action: str = "draft", **overrides) -> dict:
    """A valid form post for a case type; `overrides` change the case data first."""
    data = DATA[case_type](**overrides)
    post = fields({k: v for k, v in data.items() if k not in ROWS})
    for name in ROWS:
        if name in data:
            post.update(formset(name, data[name]))
    post["action"] = action
    return post


def hidden_value(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden {name} on the page"
    return match[1]
