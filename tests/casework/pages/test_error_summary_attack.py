"""The error summary under hostile input: it names fields and says what is wrong, never
what was typed into an identity field, and never as HTML."""

import pytest
from django.urls import reverse

from tests.casework.pages.page import Page
from tests.casework.pages.posts import as_post

NAME, FAMILY = "Jovanka<b>x</b>", "Petrović"
SCRIPT = '"><script>alert(1)</script>'


def post(client, case_type, data):
    return client.post(reverse("casework:create", args=[case_type]), data)


@pytest.mark.parametrize(
    "identity",
    [
        {"given_names": NAME, "family_name": FAMILY},  # no date of birth
        {"given_names": NAME, "family_name": FAMILY, "date_of_birth": "31.02.1990"},
        {"given_names": NAME * 40, "family_name": FAMILY, "date_of_birth": "1990-02-03"},
        {"given_names": "!!!", "family_name": "???", "date_of_birth": "1990-02-03"},
    ],
)
def test_a_failed_identity_is_summarised_without_a_trace_of_it(login, identity):
    data = {**as_post("trafficking"), **identity}
    response = post(login("caseworker_rs_ngo"), "trafficking", data)
    assert response.status_code == 400
    html = response.content.decode()
    page = Page(html)
    assert page.summary, "the problem is not summarised"
    for value in identity.values():
        assert value not in html and value[:6] not in html
    assert "1990" not in html and "Petrovi" not in html


def test_an_identity_in_a_row_that_failed_is_not_echoed_either(login):
    data = {
        **as_post("smuggling"),
        "migrants-0-given_names": NAME,
        "migrants-0-family_name": FAMILY,
        "migrants-1-sex": "",
    }
    response = post(login("caseworker_rs_police"), "smuggling", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert Page(html).summary
    assert "Jovanka" not in html and "Petrovi" not in html


@pytest.mark.parametrize(
    "field", ["citizenship", "country_of_exploitation", "sex", "exploitation", "month"]
)
def test_a_hostile_value_is_never_html_in_the_summary(login, field):
    data = {**as_post("trafficking"), field: SCRIPT}
    response = post(login("caseworker_rs_ngo"), "trafficking", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    page = Page(html)
    assert [item["href"] for item in page.summary] == [
        f"#id_{field}_0" if field == "exploitation" else f"#id_{field}"
    ]


def test_a_hostile_formset_prefix_or_field_name_adds_no_link(login):
    data = {**as_post("trafficking"), "country_of_exploitation": "", SCRIPT: "x"}
    response = post(login("caseworker_rs_ngo"), "trafficking", data)
    page = Page(response.content.decode())
    assert [item["href"] for item in page.summary] == ["#id_country_of_exploitation"]


def test_a_hostile_sign_in_is_summarised_without_echoing_it_as_html(client, region):
    response = client.post(reverse("login"), {"username": SCRIPT, "password": SCRIPT})
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert Page(html).summary
