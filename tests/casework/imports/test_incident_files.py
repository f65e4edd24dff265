"""A smuggling file, one line a migrant: its incidents' border rule and facilitator lists."""

from casework.imports.services import import_receive, import_run
from casework.models import Case, SmugglingIncident
from tests.casework.imports.files import SMUGGLING_CSV

HEADER = SMUGGLING_CSV.split("\r\n")[0]
ROW = "A;2013-07;green_border;MK;entry;on_foot;RS|MK;male|male;male;21-23;AF;false;true"


def imported(region, *rows: str):
    job = import_receive(
        user=region.users["caseworker_rs_ngo"],
        case_type="smuggling",
        file_name="incidents.csv",
        content=("\r\n".join([HEADER, *rows]) + "\r\n").encode(),
        queue=False,
    )
    return import_run(import_id=job.pk)


def test_a_border_incident_without_its_neighbour_is_refused_not_cleared(region):
    job = imported(region, ROW.replace(";MK;entry", ";;entry"))
    assert job.status == "failed"
    assert job.errors == [
        {"row": 2, "field": "border_with", "message": "Give the neighbour at this border section."}
    ]
    assert not Case.objects.exists()


def test_an_inland_incident_with_a_border_is_refused_not_cleared(region):
    job = imported(region, ROW.replace("green_border;MK;entry", "inland;MK;inland"))
    assert job.errors == [
        {"row": 2, "field": "border_with", "message": "An inland detection has no border."}
    ]
    assert not Case.objects.exists()


def test_facilitator_lists_of_different_lengths_are_refused_at_the_sexes(region):
    job = imported(region, ROW.replace("RS|MK;male|male", "RS|MK;male"))
    assert job.errors == [
        {
            "row": 2,
            "field": "facilitator_sexes",
            "message": "Give as many facilitator sexes as citizenships.",
        }
    ]


def test_each_incident_lands_with_its_migrants_and_its_facilitators(region):
    job = imported(
        region,
        ROW,
        ROW.replace("21-23", "9-17"),
        "B;2013-08;inland;;inland;van_truck;;;female;24-26;SY;;",
    )
    assert (job.status, job.created, job.rows) == ("succeeded", 2, 3)
    incidents = SmugglingIncident.objects.order_by("case__month")
    assert [incident.migrants.count() for incident in incidents] == [2, 1]
    assert [list(i.facilitators.values_list("citizenship", "sex")) for i in incidents] == [
        [("RS", "male"), ("MK", "male")],
        [],
    ]
    assert incidents[1].migrants.get().unaccompanied is False
