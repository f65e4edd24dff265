"""Upgrading from pairs to groups keeps every pair's persons together, and its decisions."""

import datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casework.models import DuplicateGroup, DuplicateMember, SmuggledMigrant, TraffickingVictim
from casework.pseudonyms import Identity
from tests.casework.cases import record, smuggling_data

JOVANA = Identity("Jovana", "Petrović", datetime.date(1994, 3, 2))
ARBEN = Identity("Arben", "Hoxha", datetime.date(1990, 7, 14))
PAIRS, GROUPS = ("casework", "0010_import_case_range"), ("casework", "0011_duplicate_groups")


def test_upgrading_turns_stored_pairs_into_groups_and_keeps_their_decisions(
    transactional_db, region
):
    users = region.users
    a = record(users["caseworker_rs_ngo"], identity=JOVANA)
    b = record(users["caseworker_al_ngo"], "readmission", identity=JOVANA)
    data = smuggling_data()
    data["migrants"][1]["identity"] = JOVANA
    c = record(users["caseworker_rs_police"], "smuggling", **data)
    migrant = SmuggledMigrant.objects.filter(incident_id=c.pk).order_by("pk").last()
    f = record(users["caseworker_rs_police"], identity=JOVANA)
    d = record(users["caseworker_rs_ngo"], identity=ARBEN)
    e = record(users["caseworker_rs_police"], identity=ARBEN)
    DuplicateMember.objects.all().delete()
    DuplicateGroup.objects.all().delete()  # the old schema holds pairs instead

    executor = MigrationExecutor(connection)
    executor.migrate([PAIRS])
    pair = executor.loader.project_state([PAIRS]).apps.get_model("casework", "DuplicatePair")
    decided = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    coordinator = users["national_rs"].pk
    for earlier, later, later_migrant, decision, days in [
        (a, b, None, "same", 1),
        (a, c, migrant.pk, "possible", None),
        (b, c, migrant.pk, "not_same", 3),
        (a, c, None, "same", 2),  # cannot be stored twice: the unique pair is (a, c)
        (c, f, None, "same", 5),  # an incident first: its migrant who shares the pseudonym
        (a, f, None, "not_same", 4),  # f's latest decision is the one above
        (d, e, None, "possible", None),
    ]:
        if pair.objects.filter(earlier_id=earlier.pk, later_id=later.pk).exists():
            continue
        pair.objects.create(
            earlier_id=earlier.pk,
            later_id=later.pk,
            later_migrant_id=later_migrant,
            decision=decision,
            decided_by_id=coordinator if days else None,
            decided_at=decided + datetime.timedelta(days=days) if days else None,
        )

    MigrationExecutor(connection).migrate([GROUPS])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    jovana = TraffickingVictim.objects.get(case=a).pseudonym
    arben = TraffickingVictim.objects.get(case=d).pseudonym
    groups = {g.pseudonym: g for g in DuplicateGroup.objects.all()}
    assert set(groups) == {jovana, arben}
    members = {
        (m.case_id, m.migrant_id): (m.decision, m.decided_by_id)
        for m in groups[jovana].members.all()
    }
    assert members == {
        (a.pk, None): ("possible", None),
        (b.pk, None): ("same", coordinator),
        (c.pk, migrant.pk): ("not_same", coordinator),
        (f.pk, None): ("same", coordinator),
    }
    assert {(m.case_id, m.decision) for m in groups[arben].members.all()} == {
        (d.pk, "possible"),
        (e.pk, "possible"),
    }
