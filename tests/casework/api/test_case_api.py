"""The case endpoints of API v1, through their public interface: every endpoint × role × scope."""

import pytest

from casework.models import Case
from casework.services import case_transition
from tests.casework.cases import record

PAYLOADS = {
    "trafficking": {
        "identified_month": "2013-05",
        "sex": "female",
        "age_group": "9-17",
        "citizenship": "AL",
        "victim_status": "presumed",
        "exploitation": ["sexual", "begging"],
        "country_of_exploitation": "XK",
        "identified_by": "ngo",
        "assistance": ["shelter"],
    },
    "smuggling": {
        "detected_month": "2012-11",
        "location_type": "green_border",
        "border_with": "GR",
        "direction": "entry",
        "transport": "on_foot",
        "migrants": [
            {"sex": "male", "age_group": "21-23", "citizenship": "AF", "asylum_requested": True},
            {"sex": "female", "age_group": "0-8", "citizenship": "AF", "unaccompanied": False},
        ],
        "facilitators": [{"citizenship": "GR", "sex": "male"}],
    },
    "readmission": {
        "returned_month": "2010-02",
        "sex": "male",
        "age_group": "48+",
        "citizenship": "STLS",
        "returning_state": "SE",
        "returnee_category": "stateless",
        "procedure": "accelerated",
        "return_type": "assisted_voluntary",
        "prior_asylum_claim": "unknown",
        "reintegration_assistance": "yes",
    },
}
TYPES = list(PAYLOADS)

# Who may list and read (scope: own organisation, own territory, all).
READERS = ["caseworker_rs_ngo", "national_rs", "regional"]
NON_READERS = ["viewer", "administrator"]
OUT_OF_SCOPE = ["caseworker_rs_police", "caseworker_al_ngo", "national_al"]


@pytest.fixture
def cases(region):
    """One draft of each type, recorded by the Serbian NGO."""
    caseworker = region.users["caseworker_rs_ngo"]
    return {case_type: record(caseworker, case_type) for case_type in TYPES}


def url(case_type, case=None, action=""):
    path = f"/api/v1/cases/{case_type}/"
    if case is not None:
        path += f"{case.pk}/"
    return path + (f"{action}/" if action else "")


@pytest.mark.parametrize("case_type", TYPES)
@pytest.mark.parametrize("person", READERS)
def test_readers_list_and_read_cases_in_scope(api, cases, person, case_type):
    client = api(person)
    listed = client.get(url(case_type))
    assert listed.status_code == 200
    assert [c["id"] for c in listed.json()["results"]] == [cases[case_type].pk]
    detail = client.get(url(case_type, cases[case_type]))
    assert detail.status_code == 200
    assert detail.json()["reference"] == cases[case_type].reference


@pytest.mark.parametrize("case_type", TYPES)
@pytest.mark.parametrize("person", OUT_OF_SCOPE)
def test_cases_out_of_scope_are_absent_and_404(api, cases, person, case_type):
    client = api(person)
    assert client.get(url(case_type)).json()["results"] == []
    for path in (url(case_type, cases[case_type]), url(case_type, cases[case_type], "submit")):
        method = client.get if path.endswith(f"{cases[case_type].pk}/") else client.post
        response = method(path, {}, format="json")
        assert response.status_code == 404, path
        assert response.json() == {"detail": "No such case."}
    patch = client.patch(url(case_type, cases[case_type]), {"version": 1}, format="json")
    assert patch.status_code == 404


@pytest.mark.parametrize("case_type", TYPES)
@pytest.mark.parametrize("person", NON_READERS)
def test_roles_that_never_see_cases_get_403(api, cases, person, case_type):
    client = api(person)
    assert client.get(url(case_type)).status_code == 403
    assert client.get(url(case_type, cases[case_type])).status_code == 403
    assert client.post(url(case_type), PAYLOADS[case_type], format="json").status_code == 403


@pytest.mark.parametrize("case_type", TYPES)
def test_without_credentials_the_api_answers_401(api, cases, case_type):
    response = api(None).get(url(case_type))
    assert response.status_code == 401
    assert "WWW-Authenticate" in response


@pytest.mark.parametrize("case_type", TYPES)
def test_a_case_of_each_type_round_trips_with_its_codes(api, region, case_type):
    client = api("caseworker_al_ngo")
    created = client.post(url(case_type), PAYLOADS[case_type], format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "draft" and body["version"] == 1
    assert body["reference"].startswith("AL-")
    read = client.get(f"{url(case_type)}{body['id']}/").json()
    for field, value in PAYLOADS[case_type].items():
        if field == "migrants":
            assert [m["citizenship"] for m in read[field]] == ["AF", "AF"]
            assert read[field][0]["asylum_requested"] is True
        else:
            assert read[field] == value, field


def test_a_national_coordinator_creates_for_an_organisation_named_or_by_id(api, region):
    client = api("national_rs")
    by_name = client.post(
        url("readmission"),
        {**PAYLOADS["readmission"], "organisation": "Serbian Border Police"},
        format="json",
    )
    assert by_name.status_code == 201
    police = region.organisations["rs_police"]
    by_id = client.post(
        url("readmission"), {**PAYLOADS["readmission"], "organisation": police.pk}, format="json"
    )
    assert by_id.json()["organisation"] == police.pk
    foreign = client.post(
        url("readmission"),
        {**PAYLOADS["readmission"], "organisation": "Different and Equal"},
        format="json",
    )
    assert foreign.status_code == 400
    assert "organisation" in foreign.json()


def test_regional_coordinators_cannot_create(api, region):
    response = api("regional").post(
        url("readmission"), {**PAYLOADS["readmission"], "organisation": "Atina"}, format="json"
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("case_type", "change", "field"),
    [
        ("trafficking", {"identified_month": "2013-13"}, "identified_month"),
        ("trafficking", {"exploitation": []}, "exploitation"),
        ("trafficking", {"exploitation": ["sexual", "sexual"]}, "exploitation"),
        ("trafficking", {"citizenship": "Serbia"}, "citizenship"),
        ("trafficking", {"given_names": "Ana"}, "family_name"),
        ("smuggling", {"migrants": []}, "migrants"),
        ("smuggling", {"border_with": ""}, "border_with"),
        ("readmission", {"organisation": 10**30}, "organisation"),
        ("readmission", {"sex": None}, "sex"),
    ],
)
def test_bad_input_is_400_with_field_errors_and_writes_nothing(
    api, region, case_type, change, field
):
    response = api("caseworker_rs_ngo").post(
        url(case_type), {**PAYLOADS[case_type], **change}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Case.objects.exists()


def test_a_body_that_is_not_json_is_400_json(api, region):
    response = api("caseworker_rs_ngo").generic(
        "POST", url("trafficking"), "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()


def test_a_create_with_a_used_external_id_is_409_with_the_existing_case(api, region):
    client = api("caseworker_rs_ngo")
    first = client.post(
        url("readmission"), {**PAYLOADS["readmission"], "external_id": "X-1"}, format="json"
    )
    again = client.post(
        url("readmission"), {**PAYLOADS["readmission"], "external_id": "X-1"}, format="json"
    )
    assert again.status_code == 409
    assert again.json()["id"] == first.json()["id"]
    assert Case.objects.count() == 1


def test_identity_fields_are_never_echoed(api, region):
    response = api("caseworker_rs_ngo").post(
        url("trafficking"),
        {
            **PAYLOADS["trafficking"],
            "given_names": "Ana",
            "family_name": "Kovač",
            "date_of_birth": "1990-01-31",
        },
        format="json",
    )
    assert response.status_code == 201
    text = response.content.decode()
    assert "Kova" not in text and "1990-01-31" not in text and "given_names" not in text


class TestEdit:
    def test_patch_needs_the_version(self, api, cases):
        response = api("caseworker_rs_ngo").patch(
            url("trafficking", cases["trafficking"]), {"sex": "male"}, format="json"
        )
        assert response.status_code == 400
        assert "version" in response.json()

    def test_patch_changes_the_fields_given_and_counts_the_version(self, api, cases):
        response = api("caseworker_rs_ngo").patch(
            url("trafficking", cases["trafficking"]), {"version": 1, "sex": "male"}, format="json"
        )
        assert response.status_code == 200
        assert (response.json()["sex"], response.json()["version"]) == ("male", 2)
        assert response.json()["citizenship"] == "RS"

    def test_a_stale_patch_is_409_and_changes_nothing(self, api, cases):
        client = api("caseworker_rs_ngo")
        case = cases["trafficking"]
        client.patch(url("trafficking", case), {"version": 1, "sex": "male"}, format="json")
        stale = client.patch(
            url("trafficking", case), {"version": 1, "sex": "other"}, format="json"
        )
        assert stale.status_code == 409
        assert client.get(url("trafficking", case)).json()["sex"] == "male"

    def test_lists_inside_an_incident_are_replaced_whole(self, api, cases):
        case = cases["smuggling"]
        response = api("caseworker_rs_ngo").patch(
            url("smuggling", case),
            {
                "version": 1,
                "migrants": [{"sex": "female", "age_group": "30-38", "citizenship": "PK"}],
            },
            format="json",
        )
        assert response.status_code == 200
        assert [m["citizenship"] for m in response.json()["migrants"]] == ["PK"]

    def test_a_validated_case_cannot_be_patched(self, api, region, cases):
        case = cases["readmission"]
        case_transition(user=region.users["caseworker_rs_ngo"], case_id=case.pk, action="submit")
        case_transition(user=region.users["national_rs"], case_id=case.pk, action="validate")
        response = api("caseworker_rs_ngo").patch(
            url("readmission", case), {"version": 3, "sex": "female"}, format="json"
        )
        assert response.status_code == 409

    def test_a_regional_coordinator_cannot_patch(self, api, cases):
        response = api("regional").patch(
            url("readmission", cases["readmission"]),
            {"version": 1, "sex": "female"},
            format="json",
        )
        assert response.status_code == 403

    def test_a_case_is_only_found_under_its_own_type(self, api, cases):
        wrong = api("caseworker_rs_ngo").get(url("smuggling", cases["trafficking"]))
        assert wrong.status_code == 404


class TestWorkflow:
    def test_the_whole_workflow_through_the_api(self, api, cases):
        case = cases["smuggling"]
        caseworker, coordinator = api("caseworker_rs_ngo"), api("national_rs")
        steps = [
            (caseworker, "submit", {}, 200, "submitted"),
            (caseworker, "validate", {}, 403, None),
            (coordinator, "return", {"reason": "Border section missing"}, 200, "returned"),
            (coordinator, "validate", {}, 409, None),
            (caseworker, "submit", {}, 200, "submitted"),
            (coordinator, "validate", {}, 200, "validated"),
            (caseworker, "withdraw", {"reason": "x"}, 403, None),
            (coordinator, "reopen", {"reason": "Second look"}, 200, "returned"),
            (coordinator, "withdraw", {"reason": "Not smuggling"}, 200, "withdrawn"),
            (api("regional"), "submit", {}, 403, None),
        ]
        for client, action, body, status, result in steps:
            body = {**body, "version": Case.objects.get(pk=case.pk).version}
            response = client.post(url("smuggling", case, action), body, format="json")
            assert response.status_code == status, (action, response.json())
            if result:
                assert response.json()["status"] == result

    @pytest.mark.parametrize("action", ["return", "reopen", "withdraw"])
    def test_actions_with_a_reason_refuse_none(self, api, cases, action):
        response = api("national_rs").post(
            url("trafficking", cases["trafficking"], action), {}, format="json"
        )
        assert response.status_code == 400
        assert "reason" in response.json()

    @pytest.mark.parametrize("action", ["return", "reopen", "withdraw"])
    def test_return_reopen_and_withdraw_without_a_version_are_400_and_change_nothing(
        self, api, cases, action
    ):
        case = cases["trafficking"]
        Case.objects.filter(pk=case.pk).update(
            status="validated" if action == "reopen" else "submitted"
        )
        response = api("national_rs").post(
            url("trafficking", case, action), {"reason": "Second look"}, format="json"
        )
        assert response.status_code == 400
        assert "version" in response.json()
        assert Case.objects.get(pk=case.pk).version == 1

    @pytest.mark.parametrize("action", ["return", "reopen", "withdraw"])
    def test_return_reopen_and_withdraw_with_a_stale_version_are_409_and_change_nothing(
        self, api, cases, action
    ):
        case = cases["trafficking"]
        status = "validated" if action == "reopen" else "submitted"
        Case.objects.filter(pk=case.pk).update(status=status, version=2)
        response = api("national_rs").post(
            url("trafficking", case, action), {"reason": "Second look", "version": 1}, format="json"
        )
        assert response.status_code == 409
        stored = Case.objects.get(pk=case.pk)
        assert (stored.status, stored.version, stored.status_reason) == (status, 2, "")

    def test_a_transition_with_a_stale_version_is_409(self, api, cases):
        response = api("caseworker_rs_ngo").post(
            url("trafficking", cases["trafficking"], "submit"), {"version": 7}, format="json"
        )
        assert response.status_code == 409


class TestList:
    def test_cursor_pagination_walks_every_case_once(self, api, region):
        caseworker = region.users["caseworker_rs_ngo"]
        made = {record(caseworker).pk for _ in range(7)}
        client, seen, page = api("caseworker_rs_ngo"), [], url("trafficking") + "?page_size=3"
        while page:
            body = client.get(page).json()
            assert set(body) == {"next", "previous", "results"}
            seen += [c["id"] for c in body["results"]]
            page = body["next"]
        assert sorted(seen) == sorted(made)
        assert seen == sorted(seen, reverse=True)

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("status=draft", 2),
            ("status=submitted", 1),
            ("year=2013", 2),
            ("year=2012", 1),
            ("territory=RS", 3),
            ("territory=AL", 0),
            ("sex=male", 1),
            ("exploitation=begging", 1),
            ("exploitation=organ_removal", 0),
            ("citizenship=DE", 1),
            ("exploitation_category=multiple", 1),
        ],
    )
    def test_filters(self, api, region, query, expected):
        import datetime

        caseworker = region.users["caseworker_rs_ngo"]
        record(caseworker, sex="male")
        record(caseworker, exploitation=["sexual", "begging"], citizenship="DE")
        submitted = record(caseworker, month=datetime.date(2012, 1, 1))
        case_transition(user=caseworker, case_id=submitted.pk, action="submit")
        response = api("national_rs").get(f"{url('trafficking')}?{query}")
        assert response.status_code == 200
        assert len(response.json()["results"]) == expected

    @pytest.mark.parametrize("case_type", TYPES)
    def test_every_output_field_is_read_by_its_own_name(self, case_type):
        # The output formats each field from the case's values by the field's name, not
        # through DRF's sources: a field with a source of its own would be shown wrongly.
        from casework.api.serializers import output_serializer

        for field in output_serializer(case_type)()._readable_fields:
            assert field.source == field.field_name, field.field_name

    def test_a_reference_is_found_in_any_case_and_spacing(self, api, region):
        case = record(region.users["caseworker_rs_ngo"])
        other = record(region.users["caseworker_rs_ngo"])
        client = api("national_rs")
        for given in (case.reference, f"  {case.reference.lower()} "):
            response = client.get(url("trafficking"), {"reference": given})
            assert [found["id"] for found in response.json()["results"]] == [case.pk]
        response = client.get(url("trafficking"), {"reference": other.reference[:-1]})
        assert response.json()["results"] == []

    @pytest.mark.parametrize(
        "query",
        [
            "year=abc",
            "status=lost",
            "organisation=-1",
            "exploitation=slavery",
            "cursor=garbage",
            "cursor=cD1hYmM=",  # "p=abc": a position that is not an id
            "cursor=cD05OTk5OTk5OTk5OTk5OTk5OTk5OTk5OQ==",  # an id past any integer
        ],
    )
    def test_a_malformed_filter_is_400_or_404_json_never_500(self, api, cases, query):
        response = api("national_rs").get(f"{url('trafficking')}?{query}")
        assert response.status_code in (400, 404)
        assert response.json()

    @pytest.mark.parametrize("case_type", TYPES)
    def test_listing_costs_the_same_queries_for_3_or_12_cases(self, api, region, case_type):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        caseworker = region.users["caseworker_rs_ngo"]
        client = api("national_rs")
        client.get(url(case_type))  # the first request also loads the user's permissions
        counts = []
        for total in (3, 12):
            while Case.objects.filter(case_type=case_type).count() < total:
                record(caseworker, case_type)
            with CaptureQueriesContext(connection) as queries:
                assert len(client.get(url(case_type)).json()["results"]) == total
            counts.append(len(queries))
        assert counts[0] == counts[1]


def test_an_organisation_given_as_odd_digits_is_a_field_error(api, region):
    response = api("national_rs").post(
        url("readmission"), {**PAYLOADS["readmission"], "organisation": "²"}, format="json"
    )
    assert response.status_code == 400
    assert "organisation" in response.json()
