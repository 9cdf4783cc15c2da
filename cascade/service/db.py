"""The database and file store of the province service: SQLite in `<data dir>/cascade.db` by default, PostgreSQL
by URL; migrations applied by Alembic from the revisions shipped in this package."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


def default_service_dir() -> Path:
    """Where the shared service keeps its data when no `--data-dir` is given: `$XDG_DATA_HOME/cascade`, else
    `~/.local/share/cascade`."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "cascade"


def database_url(data_dir: Path | None, db: str | None) -> str:
    """The SQLAlchemy URL: `db` when given (`postgresql://…` is driven by psycopg 3), else a SQLite file under
    `data_dir`."""
    if db:
        if db.startswith("postgresql://") or db.startswith("postgres://"):
            # psycopg 3 is the driver we ship; SQLAlchemy's bare postgresql:// would look for psycopg2
            return "postgresql+psycopg://" + db.split("://", 1)[1]
        return db
    if data_dir is None:
        raise ValueError("a data dir or a database URL is needed")
    return f"sqlite:///{Path(data_dir).resolve() / 'cascade.db'}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 — DBAPI connection of the sqlite3 module
    cur = dbapi_conn.cursor()
    # WAL: readers (the pages) do not wait for the writer (the audit queue); foreign keys are off by default
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


class Database:
    """One database and its file store. `files_dir` holds uploads and reports named by their sha256."""

    def __init__(self, url: str, files_dir: Path):
        self.url = url
        self.files_dir = files_dir
        kwargs: dict = {"future": True}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 10}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(url, **kwargs)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def open(cls, data_dir: Path | None, db: str | None, migrate: bool = True) -> Database:
        """The service's database (migrated to the latest revision unless `migrate` is False). Files live under
        `data_dir/files` (no data dir: `default_service_dir()`)."""
        data_dir = Path(data_dir) if data_dir is not None else default_service_dir()
        data_dir.mkdir(parents=True, exist_ok=True)
        database = cls(database_url(data_dir, db), data_dir / "files")
        database.files_dir.mkdir(parents=True, exist_ok=True)
        if migrate:
            database.migrate()
        return database

    @property
    def is_sqlite(self) -> bool:
        """Whether this is a SQLite file (backups by the online backup API; else pg_dump)."""
        return self.url.startswith("sqlite")

    def alembic_config(self):  # noqa: ANN201 — alembic.config.Config, imported lazily
        """Alembic's configuration pointing at the revisions shipped in the package and this database."""
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["engine"] = self.engine
        return cfg

    def migrate(self, revision: str = "head") -> None:
        """Bring the schema to `revision` (the latest by default); a no-op when it is there already."""
        from alembic import command

        command.upgrade(self.alembic_config(), revision)

    def current_revision(self) -> str | None:
        """The revision the database is at (None for an empty database)."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def tables(self) -> set[str]:
        """Names of the tables present."""
        return set(inspect(self.engine).get_table_names())

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed at the end of the block, rolled back on an error."""
        with self.sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    # --- files by sha256 ------------------------------------------------------------------------------------

    def file_path(self, sha256: str) -> Path:
        """Where the file of `sha256` is kept (two-level fan-out, as git does, so no folder grows huge)."""
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError("not a sha256")
        return self.files_dir / sha256[:2] / sha256

    def put_file(self, data: bytes) -> str:
        """Keep `data` (once per content); return its sha256."""
        digest = hashlib.sha256(data).hexdigest()
        path = self.file_path(digest)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)  # atomic: a crash never leaves a half file under the final name
        return digest

    def read_file(self, sha256: str) -> bytes:
        """The bytes of a kept file."""
        return self.file_path(sha256).read_bytes()

    def dispose(self) -> None:
        """Close the connection pool."""
        self.engine.dispose()
