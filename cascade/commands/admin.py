"""`cascade admin`: the province service's database — migrate, create users, back up and restore."""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from cascade.service.models import ROLES

DATA_DIR = click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                        help="Thư mục dữ liệu của dịch vụ (cơ sở dữ liệu SQLite cascade.db và các tệp).")
DB = click.option("--db", default=None, metavar="URL",
                  help="Cơ sở dữ liệu PostgreSQL, ví dụ postgresql://nguoidung:matkhau@maychu/cascade.")


def _open(data_dir: Path | None, db: str | None, migrate: bool = True):  # noqa: ANN202
    from cascade.service import Database

    if data_dir is None and db is None:
        raise click.UsageError("Cần --data-dir hoặc --db.")
    return Database.open(data_dir, db, migrate=migrate)


class _Group(click.Group):
    """A group whose subcommands speak as the group does (the CLI gives the group its Vietnamese context class)."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The subcommand, with the group's context class."""
        cmd = super().get_command(ctx, cmd_name)
        if cmd is not None:
            cmd.context_class = type(ctx)
        return cmd


@click.group(name="admin", cls=_Group,
             help="Quản trị dịch vụ dùng chung của tỉnh: cơ sở dữ liệu, tài khoản, sao lưu.")
def command() -> None:
    """The admin command group."""


@command.command(name="migrate", help="Tạo hoặc nâng cấp cơ sở dữ liệu lên phiên bản mới nhất.")
@DATA_DIR
@DB
def migrate(data_dir: Path | None, db: str | None) -> None:
    """Apply every pending migration."""
    database = _open(data_dir, db)
    click.echo(f"Cơ sở dữ liệu ở phiên bản {database.current_revision()}.")


@command.command(name="create-user", help="Tạo tài khoản: agency (cán bộ cơ quan), reviewer (Sở Nội vụ), admin.")
@DATA_DIR
@DB
@click.option("--username", required=True, help="Tên đăng nhập.")
@click.option("--role", type=click.Choice(ROLES), required=True, help="Vai trò.")
@click.option("--agency", default=None, help="Tên cơ quan (bắt buộc với vai trò agency).")
@click.option("--level", type=click.Choice(["so", "huyen", "phong", "xa"]), default=None, help="Cấp của cơ quan.")
@click.option("--password", default=None, help="Mật khẩu (bỏ trống để nhập khi chạy; hoặc $CASCADE_PASSWORD).",
              envvar="CASCADE_PASSWORD")
def create_user(data_dir: Path | None, db: str | None, username: str, role: str, agency: str | None,
                level: str | None, password: str | None) -> None:
    """Create an account with an argon2-hashed password."""
    from cascade.service.accounts import create_user as create

    if password is None:
        password = getpass.getpass("Mật khẩu: ")
    database = _open(data_dir, db)
    try:
        with database.session() as session:
            create(session, username, password, role, agency, level)
    except ValueError as exc:
        raise click.ClickException(f"Không tạo được tài khoản: {exc}") from None
    click.echo(f"Đã tạo tài khoản {username} ({role}).")


@command.command(name="backup", help="Sao lưu cơ sở dữ liệu và các tệp vào một tệp .tar.gz (chạy được khi máy chủ "
                                     "đang hoạt động).")
@DATA_DIR
@DB
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup(data_dir: Path | None, db: str | None, target: Path) -> None:
    """Online backup (SQLite backup API or pg_dump) plus the file store."""
    from cascade.service.backup import backup as run

    run(_open(data_dir, db), target)
    click.echo(f"Đã sao lưu vào {target}.")


@command.command(name="restore", help="Khôi phục từ một bản sao lưu (hãy dừng máy chủ trước).")
@DATA_DIR
@DB
@click.argument("source", type=click.Path(dir_okay=False, exists=True, path_type=Path))
def restore(data_dir: Path | None, db: str | None, source: Path) -> None:
    """Replace the database by the backup's and add its files."""
    from cascade.service.backup import restore as run

    try:
        run(_open(data_dir, db, migrate=False), source)
    except (ValueError, OSError) as exc:
        raise click.ClickException(f"Không khôi phục được: {exc}") from None
    click.echo(f"Đã khôi phục từ {source}.")
