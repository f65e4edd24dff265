from django.core.files.uploadedfile import SimpleUploadedFile

from casework.models import Case, ImportJob
from tests.casework.imports.files import FILES


def test_a_caseworker_uploads_a_file_and_follows_it_to_its_result(
    client, region, django_capture_on_commit_callbacks
):
    client.force_login(region.users["caseworker_rs_ngo"])
    assert client.get("/cases/import/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/cases/import/",
            {
                "case_type": "readmission",
                "file": SimpleUploadedFile("r.csv", FILES["readmission"].encode()),
            },
        )
    job = ImportJob.objects.get()
    assert response["Location"] == f"/cases/import/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Succeeded" in page
    assert Case.objects.filter(status="submitted").count() == 2


def test_a_bad_file_shows_every_problem_with_its_row(
    client, region, django_capture_on_commit_callbacks
):
    client.force_login(region.users["caseworker_rs_ngo"])
    bad = FILES["readmission"].replace("DE", "=HYPERLINK(1)")
    with django_capture_on_commit_callbacks(execute=True):  # its rows are checked by the task
        response = client.post(
            "/cases/import/",
            {"case_type": "readmission", "file": SimpleUploadedFile("r.csv", bad.encode())},
        )
    page = client.get(response["Location"]).content.decode()
    assert "Nothing was imported" in page
    assert "returning_state" in page and "formula" in page
    assert not Case.objects.exists()


def test_a_national_coordinator_chooses_an_organisation_of_the_territory(client, region):
    client.force_login(region.users["national_rs"])
    page = client.get("/cases/import/").content.decode()
    assert "Atina" in page and "Different and Equal" not in page


def test_roles_that_do_not_import_get_403_and_others_imports_are_404(client, region):
    client.force_login(region.users["regional"])
    assert client.get("/cases/import/").status_code == 403
    job = ImportJob.objects.create(
        case_type="readmission",
        created_by=region.users["national_al"],
        organisation=region.organisations["al_ngo"],
        file_name="x.csv",
    )
    client.force_login(region.users["caseworker_rs_ngo"])
    assert client.get(f"/cases/import/{job.pk}/").status_code == 404


def test_a_template_is_the_header_row_of_the_case_type(client, region):
    client.force_login(region.users["caseworker_rs_ngo"])
    response = client.get("/cases/import/template/smuggling.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().startswith("incident_ref,external_id,detected_month")
    assert client.get("/cases/import/template/asylum.csv").status_code == 404
