"""From a caseworker's submission to a national coordinator's validation in the admin."""

from audit.models import Action, AuditEvent
from casework.models import Case
from tests.casework.admin.helpers import CHANGELIST, change_url, messages_of, run_action, submitted

CASE_TYPES = ["trafficking", "smuggling", "readmission"]


def test_a_submitted_case_of_each_type_is_validated_by_the_national_coordinator(client, region):
    caseworker = region.users["caseworker_rs_police"]
    national = region.users["national_rs"]
    waiting_elsewhere = submitted(region.users["caseworker_rs_ngo"])
    queue = [submitted(caseworker, case_type) for case_type in CASE_TYPES]

    client.force_login(national)
    listing = client.get(CHANGELIST)
    assert {"organisation__name": "Serbian Border Police", "count": 3} in listing.context[
        "review_counts"
    ]
    listed = [case.pk for case in listing.context["cl"].result_list]
    assert set(listed[:4]) == {case.pk for case in [waiting_elsewhere, *queue]}

    response = run_action(client, "validate_selected", queue)
    assert response.status_code == 302
    assert messages_of(response) == ["Validated 3 cases."]

    for case, case_type in zip(queue, CASE_TYPES, strict=True):
        case = Case.objects.get(pk=case.pk)
        assert case.case_type == case_type
        assert case.status == "validated"
        assert AuditEvent.objects.filter(
            case=case, action=Action.CASE_VALIDATED, actor=national
        ).exists()
        page = client.get(change_url(case.pk)).content.decode()
        assert "Case validated" in page
        assert "Submitted → Validated" in page
    assert Case.objects.get(pk=waiting_elsewhere.pk).status == "submitted"

    after = client.get(CHANGELIST)
    assert {row["organisation__name"] for row in after.context["review_counts"]} == {"Atina"}
