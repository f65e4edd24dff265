"""Checked cases staged between receipt and load come back as they went in."""

from casework.imports.staging import stage, unstage


def test_staged_columns_come_back_equal_whatever_they_hold():
    many = 1_000
    checked = {
        "row": list(range(2, many + 2)),
        "external_id": [f"E-{n}" for n in range(many)],
        "sex": ["female", "male", "unknown", "female"] * (many // 4),
        "exploitation": [["sexual"], ["sexual", "begging"], ["begging"], ["sexual"]] * (many // 4),
        "assistance": [None, ["shelter"], None, ["shelter", "legal"]] * (many // 4),
        "unaccompanied": [True, False, None, True] * (many // 4),
        "pseudonym_key_version": [None, 1, 2, None] * (many // 4),
        "migrants": [[{"sex": "male", "row": n}] for n in range(many)],
    }
    assert unstage(stage(checked)) == checked
    assert unstage(stage({"row": []})) == {"row": []}
