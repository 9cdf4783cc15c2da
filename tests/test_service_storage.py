"""The province service's storage: migrations from an empty database (SQLite always, PostgreSQL when
`CASCADE_TEST_PG_URL` is set), models matching the migrations, files by sha256, backup and restore, `cascade admin`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from cascade.commands.admin import command as admin
from cascade.service import Database
from cascade.service.accounts import check_password, create_user
from cascade.service.models import Base, User

TABLES = {"agencies", "users", "parent_plans", "submissions", "versions", "decisions", "audit_log", "dashboards"}



def test_migrations_build_the_schema_from_an_empty_database(db_url: str | None, tmp_path: Path) -> None:
    database = Database.open(tmp_path / "data", db_url, migrate=False)
    assert database.current_revision() is None and not (database.tables() & TABLES)
    database.migrate()
    assert database.tables() >= TABLES
    assert database.current_revision() == "0002"
    database.migrate()  # twice is a no-op
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with database.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    database.dispose()


def test_data_survive_reopening(db_url: str | None, tmp_path: Path) -> None:
    database = Database.open(tmp_path / "data", db_url)
    with database.session() as s:
        create_user(s, "stp", "mat-khau-dai", "agency", "Sở Tư pháp", "so")
    digest = database.put_file(b"noi dung du thao")
    assert database.put_file(b"noi dung du thao") == digest  # one copy per content
    database.dispose()
    again = Database.open(tmp_path / "data", db_url)
    with again.session() as s:
        user = s.scalar(select(User).where(User.username == "stp"))
        assert user is not None and user.agency is not None and user.agency.name == "Sở Tư pháp"
        assert check_password(user, "mat-khau-dai") and not check_password(user, "sai")
        assert user.password_hash.startswith("$argon2id$")
    assert again.read_file(digest) == b"noi dung du thao"
    again.dispose()


def test_accounts_refuse_bad_input(tmp_path: Path) -> None:
    database = Database.open(tmp_path, None)
    with database.session() as s:
        with pytest.raises(ValueError):
            create_user(s, "a", "mat-khau-dai", "agency")  # no agency
        with pytest.raises(ValueError):
            create_user(s, "a", "ngan", "reviewer")
        create_user(s, "a", "mat-khau-dai", "reviewer")
        with pytest.raises(ValueError):
            create_user(s, "a", "mat-khau-dai", "reviewer")
    assert not check_password(None, "bất kỳ")
    with pytest.raises(ValueError):
        database.file_path("../../etc/passwd")


def test_backup_and_restore(db_url: str | None, tmp_path: Path) -> None:
    if db_url and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump not installed")
    args = ["--db", db_url] if db_url else ["--data-dir", str(tmp_path / "a")]
    runner = CliRunner()
    made = runner.invoke(admin, ["create-user", *args, "--username", "nv", "--role", "reviewer",
                                 "--password", "mat-khau-dai"])
    assert made.exit_code == 0, made.output
    assert "Đã tạo tài khoản nv" in made.output
    database = Database.open(tmp_path / "a", db_url)
    digest = database.put_file(b"tep du thao")
    saved = runner.invoke(admin, ["backup", *args, str(tmp_path / "b.tar.gz")])
    assert saved.exit_code == 0, saved.output
    with database.session() as s:  # made after the backup: not in the restored database
        create_user(s, "sau", "mat-khau-dai", "admin")
    target = ["--db", db_url] if db_url else ["--data-dir", str(tmp_path / "c")]
    if db_url:
        database.dispose()
    back = runner.invoke(admin, ["restore", *target, str(tmp_path / "b.tar.gz")])
    assert back.exit_code == 0, back.output
    restored = Database.open(tmp_path / ("a" if db_url else "c"), db_url)
    with restored.session() as s:
        assert [u.username for u in s.scalars(select(User))] == ["nv"]
    assert restored.read_file(digest) == b"tep du thao"
    restored.dispose()


def test_admin_needs_a_database_and_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(admin, ["migrate"])
    assert result.exit_code != 0 and "Cần --data-dir hoặc --db" in result.output
    ok = CliRunner().invoke(admin, ["migrate", "--data-dir", str(tmp_path)])
    assert ok.exit_code == 0 and "phiên bản 0002" in ok.output
    assert (tmp_path / "cascade.db").is_file()
