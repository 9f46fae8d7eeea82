"""Django's PostgreSQL backend, waiting out a restart of the server (see base.py)."""
