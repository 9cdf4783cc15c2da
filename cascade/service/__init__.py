"""The province service's storage: SQLAlchemy 2 models, Alembic migrations shipped in the package, the file store
(uploads and reports by sha256 under the data dir), accounts and backups. The web app (`cascade serve --data-dir`
or `--db`) and `cascade admin` use it; the single-user self-check does not touch it."""

from cascade.service.db import Database, database_url

__all__ = ["Database", "database_url"]
