"""No model field, log line, audit entry or stored row ever holds a person's identity."""

import datetime
import io
import logging

from django.apps import apps
from django.core import management

from casework.pseudonyms import IDENTITY_FIELDS, Identity, normalise
from casework.services import case_update
from tests.casework.cases import record, smuggling_data, trafficking_data

# Field names that would hold identity data under any spelling.
FORBIDDEN_FIELD_NAMES = {
    *IDENTITY_FIELDS,
    "first_name",
    "last_name",
    "surname",
    "birth_date",
    "dob",
    "address",
    "document_number",
    "passport_number",
    "photo",
    "narrative",
}
PROJECT_APPS = {"accounts", "casework", "reporting", "audit"}

PERSON = Identity("Јована", "Петровић", datetime.date(1994, 3, 2))
MIGRANT = Identity("Ahmad Shah", "Durrani", datetime.date(2001, 11, 23))
TRACES = [
    "Јована",
    "Петровић",
    "Jovana",
    "Petrovic",
    "Petrović",
    "1994-03-02",
    "02.03.1994",
    "Ahmad",
    "Durrani",
    "2001-11-23",
]


def test_no_model_of_the_project_has_a_field_for_identity_data():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        names = {field.name for field in model._meta.get_fields()}
        assert not names & FORBIDDEN_FIELD_NAMES, model


def test_identity_given_on_every_path_is_neither_stored_nor_logged(region, caplog):
    caplog.set_level(logging.DEBUG)
    caseworker = region.users["caseworker_rs_ngo"]
    victim = record(caseworker, identity=PERSON)
    case_update(
        user=caseworker,
        case_id=victim.pk,
        version=1,
        data=trafficking_data(identity=PERSON, sex="unknown"),
    )
    data = smuggling_data()
    data["migrants"][0]["identity"] = MIGRANT
    record(caseworker, "smuggling", **data)
    record(region.users["caseworker_rs_police"], identity=PERSON)  # a possible duplicate

    dump = io.StringIO()
    management.call_command("dumpdata", *PROJECT_APPS, stdout=dump)
    stored = dump.getvalue()
    for trace in [*TRACES, normalise(PERSON.family_name), normalise(MIGRANT.given_names)]:
        assert trace.lower() not in stored.lower(), trace
        assert trace.lower() not in caplog.text.lower(), trace
    # The pseudonyms are there, which is what the duplicate check needs.
    assert '"pseudonym": "' in stored
