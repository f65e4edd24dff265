"""The admin's addresses, its actions posted as its forms do, cases moved along by services."""

import datetime

from django.contrib.admin import helpers
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from casework import services
from casework.models import Case
from tests.casework.cases import record

CHANGELIST = reverse("admin:casework_case_changelist")
ADMIN_LOGIN = reverse("admin:login")

# 03:14 in Belgrade (the site's time zone, UTC+1 in December): the admin dates' tests.
MOMENT = datetime.datetime(2026, 12, 2, 2, 14, tzinfo=datetime.UTC)


def written(language: str) -> tuple[str, str]:
    """MOMENT as the pages write it, and as Django's admin would have."""
    local = timezone.localtime(MOMENT)
    with translation.override(language):
        return date_format(local, "SHORT_DATETIME_FORMAT"), date_format(local, "DATETIME_FORMAT")


def change_url(pk) -> str:
    return reverse("admin:casework_case_change", args=[pk])


def submitted(caseworker, case_type="trafficking", **overrides):
    """A case recorded by a caseworker and submitted for review."""
    case = record(caseworker, case_type, **overrides)
    return services.case_submit(user=caseworker, case_id=case.pk)


def run_action(client, action, cases, url=CHANGELIST, **extra):
    """Post an admin action from the changelist, as its form does."""
    data = {
        "action": action,
        "index": 0,
        helpers.ACTION_CHECKBOX_NAME: [case.pk for case in cases],
        **extra,
    }
    return client.post(url, data)


def confirm_with_reason(client, action, cases, reason, url=CHANGELIST, *, versions=None):
    """Post the reason page of an action, as its form does (no `index`): with each case's
    version as the page showed it (by default, the version stored now)."""
    if versions is None:
        versions = dict(
            Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("pk", "version")
        )
    return client.post(
        url,
        {
            "action": action,
            helpers.ACTION_CHECKBOX_NAME: [case.pk for case in cases],
            "reason_confirmed": "yes",
            "reason": reason,
            **{f"version-{pk}": version for pk, version in versions.items()},
        },
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def listed(response) -> set[int]:
    return {obj.pk for obj in response.context["cl"].result_list}


def filter_titled(response, title: str):
    """The changelist's filter of that title."""
    [spec] = [spec for spec in response.context["cl"].filter_specs if str(spec.title) == title]
    return spec
