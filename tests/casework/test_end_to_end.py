"""From the caseworker's pages to the coordinator's admin: one case of each type, recorded,
submitted, validated, and counted."""

from django.test import Client
from django.urls import reverse

from casework.models import Case
from tests.casework.admin.helpers import messages_of, run_action
from tests.casework.pages.posts import as_post
from tests.casework.pages.test_recording import record_from_the_page

CASE_TYPES = ["trafficking", "smuggling", "readmission"]


def test_a_caseworker_records_each_type_on_the_pages_and_a_coordinator_validates_in_the_admin(
    region,
):
    caseworker = Client()
    caseworker.force_login(region.users["caseworker_rs_ngo"])
    for case_type in CASE_TYPES:
        saved = record_from_the_page(caseworker, case_type, **as_post(case_type))
        assert saved.status_code == 302
        case = Case.objects.get(case_type=case_type)
        submitted = caseworker.post(
            reverse("casework:submit", args=[case.pk]), {"version": str(case.version)}
        )
        assert submitted.status_code == 302
    cases = list(Case.objects.order_by("pk"))
    assert {c.status for c in cases} == {"submitted"}

    coordinator = Client()
    coordinator.force_login(region.users["national_rs"])
    response = run_action(coordinator, "validate_selected", cases)
    assert messages_of(response) == ["Validated 3 cases."]
    assert {c.status for c in Case.objects.all()} == {"validated"}

    # And the statistics count them.
    from tests.reporting.helpers import cells, run

    run()
    counted = cells(territory="RS")
    assert counted[("thb_victims", "RS", 2013, "total", "total", "total")] == 1
    assert counted[("som_migrants", "RS", 2013, "total", "total", "total")] == 2
    assert counted[("rdm_returnees", "RS", 2013, "total", "total", "total")] == 1
