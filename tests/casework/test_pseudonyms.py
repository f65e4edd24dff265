import datetime

import pytest
from django.core.exceptions import ValidationError

from casework.pseudonyms import (
    Identity,
    all_pseudonyms,
    current_pseudonym,
    identity_from,
    normalise,
)

BORN = datetime.date(1994, 3, 2)


@pytest.mark.parametrize(
    "name",
    [
        "Јована Петровић",
        "Jovana Petrović",
        "JOVANA PETROVIC",
        "  jovana   petrovic ",
        "Jovana-Petrović",
    ],
)
def test_cyrillic_latin_and_diacritic_variants_normalise_alike(name):
    assert normalise(name) == "jovana petrovic"


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        ("Ђорђе", "djordje"),
        ("Đorđe", "djordje"),
        ("Djordje", "djordje"),
        ("Љубица Њего", "ljubica njego"),
        ("Џенана Шљивић", "dzenana sljivic"),
        ("Ѓорѓи Ќосевски", "gjorgji kjosevski"),  # Macedonian
        ("Ѕвонко", "dzvonko"),
        ("Çela Ëndri", "cela endri"),  # Albanian
    ],
)
def test_serbian_macedonian_and_albanian_letters_transliterate(variant, expected):
    assert normalise(variant) == expected


def test_the_same_person_in_two_scripts_gets_one_pseudonym():
    cyrillic = Identity("Јована", "Петровић", BORN)
    latin = Identity("JOVANA", "Petrovic", BORN)
    assert current_pseudonym(cyrillic) == current_pseudonym(latin)


@pytest.mark.parametrize(
    "other",
    [
        Identity("Jovana", "Petrović", datetime.date(1994, 3, 3)),
        Identity("Jovan", "Petrović", BORN),
        Identity("Jovana", "Petrovići", BORN),
        Identity("Petrović", "Jovana", BORN),
    ],
)
def test_different_people_get_different_pseudonyms(other):
    assert current_pseudonym(other) != current_pseudonym(Identity("Jovana", "Petrović", BORN))


def test_a_pseudonym_depends_on_the_key(settings):
    person = Identity("Ana", "Kovač", BORN)
    before, version = current_pseudonym(person)
    settings.PSEUDONYM_KEY = "another key"
    assert current_pseudonym(person)[0] != before
    assert len(before) == 64 and version == settings.PSEUDONYM_KEY_VERSION


def test_after_a_rotation_a_person_is_hashed_under_every_held_key(settings):
    person = Identity("Ana", "Kovač", BORN)
    old, _ = current_pseudonym(person)
    settings.PSEUDONYM_OLD_KEYS = {"1": settings.PSEUDONYM_KEY}
    settings.PSEUDONYM_KEY, settings.PSEUDONYM_KEY_VERSION = "rotated key", 2
    new, version = current_pseudonym(person)
    assert version == 2 and new != old
    assert all_pseudonyms(person) == {old, new}


def test_identity_fields_are_taken_out_of_the_data():
    data = {"given_names": "Ana", "family_name": "Kovač", "date_of_birth": "1990-01-31", "sex": "f"}
    identity = identity_from(data)
    assert data == {"sex": "f"}
    assert identity.date_of_birth == datetime.date(1990, 1, 31)
    assert "Ana" not in repr(identity)


def test_identity_is_all_three_fields_or_none():
    assert identity_from({"sex": "f"}) is None
    with pytest.raises(ValidationError) as refused:
        identity_from({"given_names": "Ana", "family_name": "Kovač"})
    assert "date_of_birth" in refused.value.message_dict


def test_a_malformed_birth_date_is_refused():
    with pytest.raises(ValidationError):
        identity_from({"given_names": "Ana", "family_name": "K", "date_of_birth": "31/01/1990"})
