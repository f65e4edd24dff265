import pytest

# The real-browser fixture of tests/browser, for the one page behaviour that needs JavaScript.
from tests.browser.conftest import browser  # noqa: F401


@pytest.fixture
def login(client, region):
    """A test client signed in as one of the region's people, by key ("caseworker_rs_ngo")."""

    def sign_in(key: str):
        client.force_login(region.users[key])
        return client

    return sign_in
