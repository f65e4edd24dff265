"""Cases for the admin tests, recorded and submitted through the services."""

import pytest

from tests.casework.admin.helpers import submitted


@pytest.fixture
def cases(region):
    """One submitted trafficking case from each of the four organisations."""
    return {key: submitted(region.users[f"caseworker_{key}"]) for key in region.organisations}
