import threading

import pytest

from casework.errors import StaleVersion
from casework.models import Case, TraffickingVictim
from casework.services import case_update
from tests.casework.cases import record, trafficking_data


@pytest.mark.postgresql
def test_two_edits_from_one_version_one_succeeds_one_is_refused(transactional_db, region):
    caseworker = region.users["caseworker_rs_ngo"]
    case = record(caseworker)
    start = threading.Barrier(2)
    outcomes = {}

    def edit(sex):
        from django.db import connection

        start.wait()
        try:
            case_update(user=caseworker, case_id=case.pk, version=1, data=trafficking_data(sex=sex))
            outcomes[sex] = "saved"
        except StaleVersion:
            outcomes[sex] = "stale"
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(sex,)) for sex in ("male", "unknown")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["saved", "stale"]
    winner = next(sex for sex, outcome in outcomes.items() if outcome == "saved")
    assert TraffickingVictim.objects.get(case=case).sex == winner
    assert Case.objects.get(pk=case.pk).version == 2
