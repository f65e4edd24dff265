"""Django's PostgreSQL backend, with bounded waits on the server (see base.py)."""
