"""The admin carries the product's name, in the user's language, never Django's stock one."""

import pytest
from django.contrib import admin
from django.urls import reverse

from casework.models import Case
from config.admin import AdminSite

NAME = {
    "en": ("Western Balkans migration cases", "Western Balkans migration"),
    "hr": ("Predmeti migracija na Zapadnom Balkanu", "Migracije na Zapadnom Balkanu"),
}


def test_the_apps_admins_are_registered_on_the_named_site():
    assert isinstance(admin.site, AdminSite)
    assert admin.site.is_registered(Case)


@pytest.mark.parametrize("language", ["en", "hr"])
def test_the_admin_index_carries_the_products_name(client, region, language):
    client.force_login(region.users["national_rs"])
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language)
    content = response.content.decode()
    header, title = NAME[language]
    assert response.status_code == 200
    assert f'<a href="{reverse("admin:index")}">{header}</a>' in content
    index_title = "Case management" if language == "en" else "Upravljanje predmetima"
    assert f"<title>{index_title} | {title}</title>" in content
    for stock in ("Django administration", "Django site admin", "Site administration"):
        assert stock not in content


def test_the_admin_sign_in_page_carries_the_products_name(client, db):
    content = client.get(reverse("admin:login")).content.decode()
    assert "Western Balkans migration cases" in content
    assert "Django administration" not in content
