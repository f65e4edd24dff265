from celery import shared_task
from django.db import connection


@shared_task(name="accounts.ping")
def ping() -> str:
    """A health check: the worker is up and reaches the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "pong"
