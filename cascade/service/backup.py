"""Backups that work while the server runs: SQLite's online backup API (a consistent copy even with writers), or
`pg_dump` for PostgreSQL; the file store is copied alongside (files are write-once, named by sha256)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

from cascade.service.db import Database


def _pg_args(db: Database) -> tuple[list[str], dict[str, str]]:
    url = make_url(db.url)
    # a server on a Unix socket only (the CI's throwaway cluster) names its folder in ?host=
    host = url.host or url.query.get("host") or "localhost"
    args = ["-h", str(host), "-p", str(url.port or url.query.get("port") or 5432), "-U", url.username or "postgres"]
    env = {"PGPASSWORD": url.password} if url.password else {}
    return args + ["-d", url.database or "postgres"], env


def backup(db: Database, target: Path) -> Path:
    """Write a backup of the database and its files to `target` (a .tar.gz)."""
    import os

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if db.is_sqlite:
            source = sqlite3.connect(make_url(db.url).database)
            dest = sqlite3.connect(work / "cascade.db")
            with dest:
                source.backup(dest)  # page by page under SQLite's own locking: consistent while others write
            dest.close()
            source.close()
        else:
            args, env = _pg_args(db)
            subprocess.run(["pg_dump", "--format=custom", "--no-owner", "-f", str(work / "cascade.pgdump"), *args],
                           check=True, env={**os.environ, **env})
        with tarfile.open(target, "w:gz") as tar:
            for item in work.iterdir():
                tar.add(item, arcname=item.name)
            if db.files_dir.is_dir():
                tar.add(db.files_dir, arcname="files")
    return target


def restore(db: Database, source: Path) -> None:
    """Replace the database and add the files of a backup made by `backup` (stop the server first)."""
    import os

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with tarfile.open(source, "r:gz") as tar:
            tar.extractall(work, filter="data")  # the data filter refuses absolute paths and links out of `work`
        if (work / "files").is_dir():
            shutil.copytree(work / "files", db.files_dir, dirs_exist_ok=True)
        if db.is_sqlite:
            if not (work / "cascade.db").is_file():
                raise ValueError("the backup holds no SQLite database")
            db.dispose()
            src = sqlite3.connect(work / "cascade.db")
            dest = sqlite3.connect(make_url(db.url).database)
            with dest:
                src.backup(dest)
            src.close()
            dest.close()
        else:
            if not (work / "cascade.pgdump").is_file():
                raise ValueError("the backup holds no PostgreSQL dump")
            db.dispose()
            args, env = _pg_args(db)
            subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", *args,
                            str(work / "cascade.pgdump")], check=True, env={**os.environ, **env})
