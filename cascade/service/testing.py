"""Test support for the service: a fresh database on SQLite, or on the PostgreSQL server of
`$CASCADE_TEST_PG_URL` (skipped with a reason when absent; a failure when `$CASCADE_PG_TESTS=required`)."""

from __future__ import annotations

import os
import secrets

PG_ENV = "CASCADE_TEST_PG_URL"


def pg_database_url() -> str | None:
    """A new, empty database on the test PostgreSQL server (its URL), or None when there is no server to use.

    Raises RuntimeError when the tests are required (`CASCADE_PG_TESTS=required`) and no server answers."""
    base = os.environ.get(PG_ENV)
    required = os.environ.get("CASCADE_PG_TESTS") == "required"
    if not base:
        if required:
            raise RuntimeError(f"CASCADE_PG_TESTS=required but {PG_ENV} is not set")
        return None
    import psycopg

    name = "cascade_test_" + secrets.token_hex(6)
    try:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # a random name of our own: no quoting issue
    except psycopg.Error as exc:
        if required:
            raise RuntimeError(f"PostgreSQL at {PG_ENV} does not answer: {exc}") from exc
        return None
    from sqlalchemy.engine import make_url

    # through make_url: the base may carry its socket folder as ?host=…, which a split on "/" would cut
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(url: str) -> None:
    """Drop a database made by `pg_database_url`."""
    import psycopg

    base = os.environ[PG_ENV]
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
