"""schemathesis against the published schema: no 500, no response that breaks the schema.

Driven through Hypothesis directly (one property per operation) rather than through
schemathesis' pytest plugin, which does not support this pytest yet.
"""

from contextlib import contextmanager

import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from accounts.tokens import api_token_issue
from tests.casework.cases import record

EXAMPLES_PER_OPERATION = 45
MINIMUM_REQUESTS = 1_000


@contextmanager
def connections_kept_open():
    """Requests through the real WSGI handler would close the test's database connection at
    their end (Django's test client suspends this the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_no_generated_request_gets_a_500_or_an_answer_outside_the_schema(region):
    from config.wsgi import application

    for case_type in ("trafficking", "smuggling", "readmission"):
        record(region.users["caseworker_rs_ngo"], case_type)
    headers = {
        "Authorization": f"Token {api_token_issue(user=region.users['national_rs'])}",
        "Accept-Encoding": "identity",  # the WSGI test client does not inflate gzip
    }
    with connections_kept_open():
        schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    sent = []

    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def holds(case):
            sent.append(case.operation.label)
            case.call_and_validate(
                headers=headers, checks=[not_a_server_error, response_schema_conformance]
            )

        with connections_kept_open():
            holds()

    operations = set(sent)
    assert len(operations) >= 25, operations
    assert len(sent) >= MINIMUM_REQUESTS, len(sent)
