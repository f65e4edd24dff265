"""The home page per role: the caseworker's returned cases and drafts, the coordinator's
review queue, duplicates, last run and last release, the reader's latest release; each read
through the role's scope, in a constant number of queries, lists capped."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.home import SHOWN
from audit.models import Action, AuditEvent
from casework.models import Case, DuplicateGroup, Status
from casework.pseudonyms import Identity
from casework.services import case_return, case_submit
from reporting.models import AggregationRun, Release
from tests.casework.cases import record
from tests.factories import CaseFactory

JOVANA = Identity("Jovana", "Petrović", datetime.date(1994, 3, 2))
MARIJA = Identity("Marija", "Hoxha", datetime.date(1990, 7, 11))


def home(client, region, who):
    client.force_login(region.users[who])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def returned(region, case, reason, coordinator="national_rs"):
    worker = Case.objects.get(pk=case.pk).created_by
    submitted = case_submit(user=worker, case_id=case.pk)
    return case_return(
        user=region.users[coordinator], case_id=case.pk, reason=reason, version=submitted.version
    )


def submitted(case):
    return case_submit(user=Case.objects.get(pk=case.pk).created_by, case_id=case.pk)


def aged(case, minutes_ago):
    """Set when a case last changed (submitted, returned): the lists' order."""
    at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    Case.objects.filter(pk=case.pk).update(updated_at=at)


def bulk(region, organisation, status, count, reason=""):
    """Many cases of one organisation at once (no type record: the lists show none)."""
    worker = region.users[f"caseworker_{organisation}"]
    return CaseFactory.create_batch(
        count,
        organisation=region.organisations[organisation],
        created_by=worker,
        status=status,
        status_reason=reason,
    )


def listed(html: str, data_list: str) -> str:
    """The markup of one list of the page (by its data-list), up to its end."""
    start = html.index(f'data-list="{data_list}"')
    end = min(i for i in (html.find("</ul>", start), html.find("</table>", start)) if i > 0)
    return html[start:end]


# The caseworker


def test_a_caseworker_sees_their_returned_cases_newest_first_with_why(client, region):
    worker = region.users["caseworker_rs_ngo"]
    older = returned(region, record(worker), "The month is missing a digit.")
    newer = returned(region, record(worker, "readmission"), "Which returning state?")
    aged(older, 60)
    aged(newer, 5)

    response = home(client, region, "caseworker_rs_ngo")

    desk = response.context["cases_desk"]
    assert [case.pk for case in desk["returned"].rows] == [newer.pk, older.pk]
    assert desk["returned"].count == 2
    html = response.content.decode()
    came_back = listed(html, "returned")
    assert came_back.index(newer.reference) < came_back.index(older.reference)
    assert "Which returning state?" in came_back and "The month is missing a digit." in came_back
    assert reverse("casework:detail", args=[newer.pk]) in came_back
    assert "2 cases came back from review" in html


def test_a_caseworker_sees_their_drafts_and_counts(client, region):
    worker = region.users["caseworker_rs_ngo"]
    drafts = [record(worker), record(worker, "smuggling")]
    submitted(record(worker))  # neither a draft nor returned: not on the desk

    response = home(client, region, "caseworker_rs_ngo")

    desk = response.context["cases_desk"]
    assert sorted(case.pk for case in desk["drafts"].rows) == sorted(case.pk for case in drafts)
    assert (desk["drafts"].count, desk["returned"].count) == (2, 0)
    html = response.content.decode()
    assert "2 drafts are not yet submitted for review." in html
    assert "None of your cases came back from review." in html
    for case in drafts:
        assert reverse("casework:detail", args=[case.pk]) in listed(html, "drafts")
    assert response.context["review_desk"] is None
    assert response.context["release_desk"] is None


def test_a_caseworker_sees_nothing_of_another_organisation(client, region):
    other = region.users["caseworker_rs_police"]
    theirs = [record(other), returned(region, record(other), "Not yours to see.")]
    albanian = returned(
        region, record(region.users["caseworker_al_ngo"]), "Nor this.", coordinator="national_al"
    )

    response = home(client, region, "caseworker_rs_ngo")

    desk = response.context["cases_desk"]
    assert (desk["drafts"].count, desk["returned"].count) == (0, 0)
    html = response.content.decode()
    for case in [*theirs, albanian]:
        assert case.reference not in html
    assert "Not yours to see." not in html and "Nor this." not in html
    assert "You have no draft." in html


def test_a_caseworkers_lists_stop_at_twenty_and_say_how_many_more(client, region):
    bulk(region, "rs_ngo", Status.DRAFT, SHOWN + 3)
    bulk(region, "rs_ngo", Status.RETURNED, SHOWN + 1, reason="why")

    response = home(client, region, "caseworker_rs_ngo")

    desk = response.context["cases_desk"]
    assert (len(desk["drafts"].rows), desk["drafts"].count, desk["drafts"].more) == (SHOWN, 23, 3)
    assert (len(desk["returned"].rows), desk["returned"].more) == (SHOWN, 1)
    html = response.content.decode()
    assert listed(html, "drafts").count("<li>") == SHOWN
    assert "and 3 more" in html and "and 1 more" in html
    assert f"{reverse('casework:list')}?status=draft" in html
    assert f"{reverse('casework:list')}?status=returned" in html


def test_a_caseworkers_home_records_the_cases_it_lists(client, region):
    worker = region.users["caseworker_rs_ngo"]
    draft = record(worker)
    came_back = returned(region, record(worker), "why")
    AuditEvent.objects.filter(action=Action.CASES_LISTED).delete()

    home(client, region, "caseworker_rs_ngo")

    [event] = AuditEvent.objects.filter(action=Action.CASES_LISTED)
    assert event.actor == worker
    assert event.detail == {"listing": "home", "cases": [came_back.pk, draft.pk]}


def test_a_home_listing_no_case_records_no_read(client, region):
    home(client, region, "caseworker_rs_ngo")
    home(client, region, "national_rs")
    assert not AuditEvent.objects.filter(action=Action.CASES_LISTED).exists()


# Coordinators


@pytest.fixture
def queue(region):
    """Submitted cases: three of Atina and one of the Serbian Border Police, one Albanian;
    the oldest first is the police's."""
    atina = [submitted(record(region.users["caseworker_rs_ngo"])) for _ in range(3)]
    police = submitted(record(region.users["caseworker_rs_police"], "readmission"))
    albanian = submitted(record(region.users["caseworker_al_ngo"]))
    for minutes, case in zip((30, 20, 10), atina, strict=True):
        aged(case, minutes)
    aged(police, 90)
    aged(albanian, 120)
    record(region.users["caseworker_rs_ngo"])  # a draft: not in the queue
    return {"atina": atina, "police": police, "albanian": albanian}


def test_a_national_coordinator_sees_the_queue_of_their_territory_oldest_first(
    client, region, queue
):
    response = home(client, region, "national_rs")

    desk = response.context["review_desk"]
    expected = [queue["police"], *queue["atina"]]
    assert [case.pk for case in desk["queue"].rows] == [case.pk for case in expected]
    assert desk["queue"].count == 4
    assert [(row["organisation__name"], row["count"]) for row in desk["by_organisation"].rows] == [
        ("Atina", 3),
        ("Serbian Border Police", 1),
    ]
    html = response.content.decode()
    assert queue["albanian"].reference not in html
    assert "Albanian State Police" not in html and "Different and Equal" not in html
    rows = listed(html, "queue")
    assert [rows.index(case.reference) for case in expected] == sorted(
        rows.index(case.reference) for case in expected
    )
    assert reverse("admin:casework_case_change", args=[queue["police"].pk]) in rows
    assert f"{reverse('admin:casework_case_changelist')}?status__exact=submitted" in html
    assert "4 submitted cases await review." in html
    assert response.context["cases_desk"] is None


def test_a_regional_coordinator_sees_every_territorys_queue(client, region, queue):
    response = home(client, region, "regional")

    desk = response.context["review_desk"]
    assert [case.pk for case in desk["queue"].rows][:2] == [
        queue["albanian"].pk,
        queue["police"].pk,
    ]
    assert desk["queue"].count == 5
    assert {row["organisation__name"] for row in desk["by_organisation"].rows} == {
        "Atina",
        "Serbian Border Police",
        "Different and Equal",
    }
    assert "Different and Equal (AL)" in listed(response.content.decode(), "queue")


def test_the_queue_and_its_organisations_stop_at_twenty(client, region):
    bulk(region, "rs_ngo", Status.SUBMITTED, SHOWN + 5)

    response = home(client, region, "national_rs")

    desk = response.context["review_desk"]
    assert (len(desk["queue"].rows), desk["queue"].count, desk["queue"].more) == (SHOWN, 25, 5)
    html = response.content.decode()
    assert listed(html, "queue").count("<tr>") == SHOWN + 1  # and the header's
    assert "and 5 more" in html


def test_the_coordinators_home_records_the_queue_it_lists(client, region, queue):
    AuditEvent.objects.filter(action=Action.CASES_LISTED).delete()
    home(client, region, "national_rs")
    [event] = AuditEvent.objects.filter(action=Action.CASES_LISTED)
    assert event.detail["listing"] == "home"
    assert event.detail["cases"] == [queue["police"].pk, *(case.pk for case in queue["atina"])]
    assert event.territory == "RS"


def test_possible_duplicates_to_resolve_are_counted_within_scope(client, region):
    # One pair within Serbia (open), one across Serbia and Albania (the regional's alone).
    record(region.users["caseworker_rs_ngo"], identity=JOVANA)
    record(region.users["caseworker_rs_police"], identity=JOVANA)
    record(region.users["caseworker_rs_ngo"], identity=MARIJA)
    record(region.users["caseworker_al_ngo"], identity=MARIJA)
    assert DuplicateGroup.objects.count() == 2

    national = home(client, region, "national_rs")
    regional = home(client, region, "regional")
    albanian = home(client, region, "national_al")

    assert national.context["review_desk"]["duplicates"] == 1
    assert regional.context["review_desk"]["duplicates"] == 2
    assert albanian.context["review_desk"]["duplicates"] == 0
    html = national.content.decode()
    assert "1 possible duplicate awaits your decision." in html
    assert f"{reverse('admin:casework_duplicategroup_changelist')}?awaiting=yes" in html
    assert "No possible duplicate awaits your decision." in albanian.content.decode()


def test_a_resolved_duplicate_is_no_longer_to_resolve(client, region):
    from casework.duplicates import duplicate_resolve

    record(region.users["caseworker_rs_ngo"], identity=JOVANA)
    record(region.users["caseworker_rs_police"], identity=JOVANA)
    duplicate_resolve(
        user=region.users["national_rs"],
        group_id=DuplicateGroup.objects.get().pk,
        decision="same",
    )
    assert home(client, region, "national_rs").context["review_desk"]["duplicates"] == 0


def test_the_last_run_is_of_the_coordinators_scope(client, region):
    serbian = AggregationRun.objects.create(
        territory="RS", status=AggregationRun.Status.SUCCEEDED, finished_at=timezone.now()
    )
    albanian = AggregationRun.objects.create(territory="AL", status=AggregationRun.Status.FAILED)
    everywhere = AggregationRun.objects.create(
        territory="", status=AggregationRun.Status.RUNNING, progress=40
    )

    national = home(client, region, "national_rs")
    regional = home(client, region, "regional")
    albanian_home = home(client, region, "national_al")

    assert national.context["review_desk"]["run"] == serbian
    assert regional.context["review_desk"]["run"] == everywhere
    assert albanian_home.context["review_desk"]["run"] == albanian
    assert f'data-run="{serbian.pk}"' in national.content.decode()
    assert "Succeeded" in national.content.decode()
    html = regional.content.decode()
    assert "Running" in html and "40 %" in html and "Every territory" in html
    assert reverse("admin:reporting_aggregationrun_changelist") in html


def test_a_coordinator_with_no_run_in_scope_is_told_so(client, region):
    AggregationRun.objects.create(territory="AL")
    html = home(client, region, "national_rs").content.decode()
    assert "No aggregation run yet in your scope." in html


def _release(number, status, **fields):
    return Release.objects.create(
        number=number,
        status=status,
        published_by=fields.pop("published_by"),
        published_at=timezone.now() if status == Release.State.PUBLISHED else None,
        **fields,
    )


def test_the_last_release_with_its_state(client, region):
    regional = region.users["regional"]
    first = _release(1, Release.State.PUBLISHED, published_by=regional, threshold=3)
    auditing = _release(2, Release.State.AUDITING, published_by=regional, progress=55)

    publisher = home(client, region, "regional")
    national = home(client, region, "national_rs")

    # Who publishes sees the release being audited, and how far; the others the published one.
    assert publisher.context["review_desk"]["release"] == auditing
    html = publisher.content.decode()
    assert 'data-release="2"' in html and "Auditing" in html and "55 %" in html
    # Who publishes is sent to the releases page to publish; the others to read them.
    assert f'class="button primary" href="{reverse("statistics:releases")}">Publish a' in html
    assert national.context["review_desk"]["release"] == first
    html = national.content.decode()
    assert 'data-release="1"' in html and "Published" in html
    assert "Counts below 3, and the cells that would reveal them, are confidential (c)." in html
    assert f"{reverse('statistics:index')}?release=1" in html
    assert f'class="button" href="{reverse("statistics:releases")}">Releases<' in html
    assert "Publish a release" not in html


def test_a_coordinator_before_any_release_is_told_so(client, region):
    html = home(client, region, "national_rs").content.decode()
    assert "No release has been published yet." in html


# Readers of statistics


@pytest.mark.parametrize("who", ["viewer", "administrator"])
def test_a_reader_sees_the_latest_published_release_and_links_to_its_tables(client, region, who):
    regional = region.users["regional"]
    _release(1, Release.State.PUBLISHED, published_by=regional)
    latest = _release(2, Release.State.PUBLISHED, published_by=regional, rounding_base=5)
    _release(3, Release.State.AUDITING, published_by=regional)  # not theirs to see yet

    response = home(client, region, who)

    assert response.context["release_desk"]["release"] == latest
    html = response.content.decode()
    assert 'data-release="2"' in html and 'data-release="3"' not in html
    assert "as release 2." in html
    assert "values are rounded to a multiple of 5" in html
    assert f"{reverse('statistics:index')}?release=2" in html
    assert f"{reverse('statistics:table', args=['thb_victims'])}?release=2" in html
    assert f'href="{reverse("statistics:releases")}">Every release and its audit' in html
    assert response.context["cases_desk"] is None and response.context["review_desk"] is None


def test_a_reader_before_any_release_is_told_so(client, region):
    html = home(client, region, "viewer").content.decode()
    assert "No release has been published yet." in html


# Bounded work


def _queries_with(client, region, who, grow, django_assert_max_num_queries, bound):
    """The home page's queries, with few cases and with many: within the bound, and the same."""
    client.force_login(region.users[who])
    done = []
    for _ in range(2):
        with django_assert_max_num_queries(bound) as captured:
            assert client.get(reverse("home")).status_code == 200
        done.append(len(captured))
        grow()
    assert done[0] == done[1]


@pytest.mark.parametrize(
    ("who", "bound"), [("caseworker_rs_ngo", 12), ("national_rs", 13), ("regional", 15)]
)
def test_the_home_page_costs_the_same_queries_with_many_cases(
    client, region, who, bound, django_assert_max_num_queries
):
    record(region.users["caseworker_rs_ngo"], identity=JOVANA)
    record(region.users["caseworker_rs_police"], identity=JOVANA)
    AggregationRun.objects.create(territory="RS")
    _release(1, Release.State.PUBLISHED, published_by=region.users["regional"])

    def grow(many=30):
        bulk(region, "rs_ngo", Status.DRAFT, many)
        bulk(region, "rs_ngo", Status.RETURNED, many, reason="why")
        bulk(region, "rs_police", Status.SUBMITTED, many)
        bulk(region, "al_ngo", Status.SUBMITTED, many)

    grow(1)  # every list holds a case: each is read, as with many
    _queries_with(client, region, who, grow, django_assert_max_num_queries, bound)


def test_the_readers_home_costs_a_few_queries(client, region, django_assert_max_num_queries):
    _release(1, Release.State.PUBLISHED, published_by=region.users["regional"])
    client.force_login(region.users["viewer"])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("home")).status_code == 200
