"""A country list offers the region's frequent countries first, then every country by name in
the language of the page; the groups change neither the codes stored nor those accepted."""

import pytest
from django.urls import reverse
from django.utils import translation

from casework.countries import (
    CITIZENSHIPS,
    FREQUENT_CITIZENSHIPS,
    FREQUENT_DESTINATIONS,
    FREQUENT_NEIGHBOURS,
    NEIGHBOURS,
    PLACES,
    TERRITORIES,
    codes,
    in_order,
)
from casework.models import Case
from casework.types import declared_types
from tests.casework.pages.page import Page
from tests.casework.pages.posts import as_post, hidden_value

FIELDS = [
    ("readmission", "returning_state", FREQUENT_DESTINATIONS, PLACES),
    ("readmission", "citizenship", FREQUENT_CITIZENSHIPS, CITIZENSHIPS),
    ("trafficking", "country_of_exploitation", FREQUENT_DESTINATIONS, PLACES),
    ("smuggling", "border_with", FREQUENT_NEIGHBOURS, NEIGHBOURS),
    ("smuggling", "migrants-0-citizenship", FREQUENT_CITIZENSHIPS, CITIZENSHIPS),
    ("smuggling", "facilitators-0-citizenship", FREQUENT_CITIZENSHIPS, CITIZENSHIPS),
]


@pytest.mark.parametrize(("case_type", "name", "frequent", "vocabulary"), FIELDS)
def test_the_frequent_countries_come_first_then_every_country_by_name(
    login, case_type, name, frequent, vocabulary
):
    content = login("caseworker_rs_ngo").get(reverse("casework:create", args=[case_type]))
    options = Page(content.content.decode()).options[name]

    assert options[0] == ("", "")
    groups = [group for group, _code in options[1:]]
    assert groups == ["Frequent"] * len(frequent) + ["All countries"] * len(codes(vocabulary))
    assert [code for _g, code in options[1 : len(frequent) + 1]] == list(frequent)
    every = [code for _g, code in options[len(frequent) + 1 :]]
    assert every == [code for code, _name in in_order(vocabulary)]


def test_every_country_field_offers_the_six_territories_first_and_only_codes_it_accepts():
    for declaration in declared_types():
        fields = [*declaration.fields, *(f for rows in declaration.rows for f in rows.fields)]
        for field in fields:
            if field.kind == "country":
                assert field.frequent[:6] == TERRITORIES or field.frequent == (), field.name
                assert set(field.frequent) <= field.codes, field.name
                assert len(set(field.frequent)) == len(field.frequent), field.name


def record(client, case_type, **overrides):
    url = reverse("casework:create", args=[case_type])
    key = hidden_value(client.get(url).content.decode(), "submission_key")
    return client.post(url, {**as_post(case_type, **overrides), "submission_key": key})


def test_a_country_chosen_from_the_frequent_group_is_stored_as_its_code(login):
    saved = record(login("caseworker_rs_ngo"), "readmission", returning_state="LU")

    assert saved.status_code == 302
    assert Case.objects.get().returnee.returning_state == "LU"


def test_a_country_from_the_long_list_is_accepted_and_an_unknown_code_still_refused(login):
    client = login("caseworker_rs_ngo")
    assert record(client, "readmission", returning_state="NZ").status_code == 302

    refused = record(client, "readmission", returning_state="ZZ")

    assert refused.status_code == 400
    page = Page(refused.content.decode())
    assert [item["href"] for item in page.summary] == ["#id_returning_state"]


@pytest.mark.parametrize(
    ("language", "in_alphabet_order"),
    [
        # Ј, Љ, Њ, Ћ, Џ are letters of their own between the others: not after Я.
        ("sr", ["Италија", "Јапан", "Камерун", "Чад", "Џибути", "Шпанија"]),
        ("mk", ["Италија", "Јапонија", "Камерун", "Чад", "Џибути", "Шпанија"]),
        # Č, Ć, Š, Ž follow C, S, Z; a name with no ASCII letter still sorts.
        ("sr-latn", ["Crna Gora", "Čad", "Češka", "Sent Lusija", "Španija", "Zambija"]),
        ("hr", ["Crna Gora", "Čad", "Češka", "Sveta Lucija", "Španjolska", "Zambija"]),
        ("sq", ["Bullgari", "Çad", "Çeki", "Danimarkë", "Zvicër"]),
    ],
)
def test_every_country_is_sorted_by_name_in_the_alphabet_of_the_language(
    language, in_alphabet_order
):
    with translation.override(language):
        names = [str(name) for _code, name in in_order(CITIZENSHIPS)]
    positions = [names.index(name) for name in in_alphabet_order]
    assert positions == sorted(positions)
