import html
import io
import re
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from accounts.demo import DEMO_USERS
from accounts.roles import Role
from casework.demo.cases import Draw, blocks, facilitators, incidents, migrants, returnees, victims
from casework.demo.region import YEARS
from casework.models import (
    Case,
    Returnee,
    SmuggledMigrant,
    TraffickingVictim,
)
from reporting.models import AggregationRun, Release
from tests.casework.cases import record

CASES = 3_000


def _drawn(seed: int, total: int) -> list:
    """Every column the generator draws for a region, in order (no database)."""
    draw, drawn = Draw(seed), []
    for block in blocks(total):
        ids = list(range(block.size))
        if block.case_type == "trafficking":
            drawn.append(victims(draw, block))
        elif block.case_type == "readmission":
            drawn.append(returnees(draw, block))
        else:
            drawn += [incidents(draw, block), migrants(draw, block, ids)]
            drawn.append(facilitators(draw, block, ids))
    return drawn


def test_a_seed_always_draws_the_same_region_and_another_seed_another():
    assert _drawn(7, 2_000) == _drawn(7, 2_000)
    assert _drawn(7, 2_000) != _drawn(8, 2_000)


@pytest.mark.parametrize("total", [1, 89, 1_000, 123_457])
def test_the_blocks_share_out_exactly_the_cases_asked_for(total):
    assert sum(block.size for block in blocks(total)) == total


@pytest.fixture
def seeded(db, capsys, django_capture_on_commit_callbacks):
    # The release's task is queued, not run here: its audit is the disclosure tests' subject
    # (and takes a minute on a region this small, where most cells are small).
    with django_capture_on_commit_callbacks(execute=False) as queued:
        call_command("seed_demo", cases=CASES, seed=1)
    assert len(queued) == 1  # the release's audit and publication

    return capsys.readouterr().out


def test_seed_demo_writes_every_case_type_for_six_territories_over_2009_2013(seeded):
    assert Case.objects.count() == CASES
    assert set(Case.objects.values_list("case_type", flat=True)) == {
        "trafficking",
        "smuggling",
        "readmission",
    }
    assert set(Case.objects.values_list("territory", flat=True)) == {
        "AL", "BA", "XK", "ME", "MK", "RS",
    }  # fmt: skip
    assert {d.year for d in Case.objects.dates("month", "year")} == set(YEARS)
    statuses = Counter(Case.objects.values_list("status", flat=True))
    assert set(statuses) == {"draft", "submitted", "validated", "returned", "withdrawn"}
    assert statuses.most_common(1)[0][0] == "validated"
    assert not Case.objects.exclude(status_reason="").filter(status="validated").exists()


def test_the_demo_region_is_shaped_like_the_published_figures(seeded):
    victims = TraffickingVictim.objects.all()
    assert victims.filter(sex="female").count() > victims.count() / 2
    by_form = Counter(victims.values_list("exploitation_category", flat=True))
    assert by_form.most_common(1)[0][0] == "sexual"

    def labour_share(year):
        of_year = victims.filter(case__month__year=year)
        return of_year.filter(exploitation_category="forced_labour").count() / of_year.count()

    assert labour_share(2013) > labour_share(2009)

    top_migrants = Counter(SmuggledMigrant.objects.values_list("citizenship", flat=True))
    assert {c for c, _ in top_migrants.most_common(3)} <= {"AF", "SY", "PK", "XK", "DZ"}
    smuggling = Case.objects.filter(case_type="smuggling")
    assert (
        smuggling.filter(month__year=2013).count() > 2 * smuggling.filter(month__year=2009).count()
    )

    returnees = Returnee.objects.all()
    assert returnees.filter(returnee_category="own_national").count() > 0.8 * returnees.count()
    top_states = Counter(returnees.values_list("returning_state", flat=True)).most_common(1)
    assert top_states[0][0] == "DE"
    assert returnees.filter(prior_asylum_claim="yes").count() > returnees.count() / 2


def test_seed_demo_prints_demo_users_of_every_role_runs_the_aggregation_and_releases(seeded):
    roles = {line.split()[1] for line in seeded.splitlines() if "@demo.invalid" in line}
    assert roles == set(Role.values)
    run = AggregationRun.objects.get()
    assert run.status == AggregationRun.Status.SUCCEEDED
    assert run.cases_read == Case.objects.filter(status="validated").count()
    assert Release.objects.get().status == Release.State.AUDITING  # its task queued


def test_seed_demo_twice_writes_nothing_the_second_time(seeded, capsys):
    call_command("seed_demo", cases=10, seed=2)
    assert "already here" in capsys.readouterr().out
    assert Case.objects.count() == CASES


def _users(out: str) -> dict[str, str]:
    return {
        line.split()[0]: line.split()[2] for line in out.splitlines() if "@demo.invalid" in line
    }


def test_seed_demo_says_each_step_as_it_goes_and_ends_with_the_demo_users(seeded):
    lines = seeded.splitlines()
    steps = [
        "Seeding the demo region: 3,000 cases (seed 1)...",
        "Wrote 3,000 cases in",
        "Aggregating the cases...",
        "Aggregation run ",
        "Publishing a first release",
        "Release 1: auditing.",
        "Demo users (passwords kept for development in demo-passwords.json):",
    ]
    at = [next(i for i, line in enumerate(lines) if line.startswith(step)) for step in steps]
    assert at == sorted(at)
    assert lines[-1].strip().startswith("administrator@demo.invalid")


def test_seed_demo_on_a_seeded_database_lists_the_demo_users_and_their_passwords_again(
    seeded, capsys
):
    call_command("seed_demo")
    again = capsys.readouterr().out
    assert _users(again) == _users(seeded)
    assert len(_users(again)) == len(DEMO_USERS)


def test_seed_demo_refuses_a_database_holding_real_cases_and_writes_nothing(region):
    record(region.users["caseworker_rs_ngo"])
    with pytest.raises(CommandError, match="real cases"):
        call_command("seed_demo", cases=100)
    assert Case.objects.count() == 1
    assert not Case.objects.values("created_by").annotate(n=Count("pk")).filter(n__gt=1)


def _keys_and_indexes() -> set:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid::regclass::text LIKE 'casework_%%' "
            "UNION SELECT indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'casework_%%'"
        )
        return set(cursor.fetchall())


@pytest.mark.postgresql
def test_seeding_leaves_every_foreign_key_and_index_as_the_migrations_made_them(db):
    before = _keys_and_indexes()
    call_command("seed_demo", cases=300, no_release=True)
    assert Case.objects.count() == 300
    assert _keys_and_indexes() == before


def test_after_seeding_a_coordinator_lands_on_charts_even_before_the_release(seeded, client):
    from accounts.models import User

    client.force_login(User.objects.get(email="regional@demo.invalid"))
    page = client.get("/").content.decode()
    svgs = re.findall(r'<img src="([^"]+)"', page)
    assert len(svgs) == 3
    assert all("release=internal" in svg for svg in svgs)
    chart = client.get(html.unescape(svgs[0]))
    assert chart.status_code == 200
    assert chart["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in chart.content


def test_before_anything_is_published_the_home_page_says_so(region, client):
    client.force_login(region.users["viewer"])
    page = client.get("/").content.decode()
    assert "No statistics have been published yet." in page
    assert "<img" not in page


def test_seeded_ids_follow_time_and_references_are_random_as_a_live_system_gives_them(seeded):
    newest = Case.objects.order_by("-pk")[:40]
    assert {case.month.year for case in newest} == {2013}
    assert len({case.case_type for case in newest}) > 1
    assert len({case.territory for case in newest}) > 1
    by_pk = list(Case.objects.order_by("pk").values_list("month", flat=True))
    assert by_pk == sorted(by_pk)
    block = Case.objects.filter(territory="RS", case_type="smuggling", month__year=2011)
    assert all(
        re.fullmatch(r"RS-SOM-2011-[0-9A-HJKMNP-TV-Z]{8}", r)
        for r in block.values_list("reference", flat=True)
    )


def test_a_tiny_region_where_almost_every_cell_is_small_is_released_too(
    db, django_capture_on_commit_callbacks
):
    # 40 cases: a degenerate attacker's program on which a warm-started HiGHS once gave up.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", cases=40, seed=1, stdout=io.StringIO())
    assert Release.objects.get().status == Release.State.PUBLISHED
