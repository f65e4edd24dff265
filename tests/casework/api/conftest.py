import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api(region):
    """An API client signed in as a person of the region: `api("national_rs")`."""

    def as_person(person: str | None) -> APIClient:
        client = APIClient()
        if person is not None:
            client.force_authenticate(region.users[person])
        return client

    return as_person
