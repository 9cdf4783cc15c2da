"""Command-line entry point: `cascade parse|audit|eval|…`.

Subcommands live in `cascade/commands/<name>.py` and are imported only when run, so
`cascade --help` stays fast (no pandas, networkx, python-docx or pdfplumber at start-up).
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from cascade.errors import CascadeError

# name → (module, one-line Vietnamese help shown by `cascade --help`)
COMMANDS: dict[str, tuple[str, str]] = {
    "parse": ("cascade.commands.parse", "Đọc một kế hoạch (.docx, .pdf, .txt) và in các nhiệm vụ, chỉ tiêu."),
    "audit": ("cascade.commands.audit", "So kế hoạch cấp dưới với kế hoạch cấp trên và chỉ ra chỗ thiếu, chỗ yếu hơn."),
    "eval": ("cascade.commands.eval", "Chấm kết quả kiểm tra theo một bộ đáp án (key.yaml)."),
    "batch": ("cascade.commands.batch", "Kiểm tra hàng loạt kế hoạch của cả tỉnh và lập bảng tổng hợp."),
    "graph": ("cascade.commands.graph", "Vẽ cây kế hoạch: Chính phủ → tỉnh → sở/huyện → phòng/xã."),
    "trace": ("cascade.commands.trace", "Theo một nhiệm vụ xuống mọi cấp kế hoạch."),
    "serve": ("cascade.commands.serve", "Mở trang web tự kiểm tra dự thảo kế hoạch."),
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name, (module, _) in COMMANDS.items() if importlib.util.find_spec(module) is not None]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, _ = COMMANDS[name]
        try:
            return importlib.import_module(module).command
        except ModuleNotFoundError:
            return None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Lệnh"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--verbose", "-v", is_flag=True, help="Ghi nhật ký chi tiết (tiếng Anh) ra màn hình lỗi.")
@click.version_option(package_name="cascade-audit", message="cascade %(version)s")
def cli(verbose: bool) -> None:
    """cascade — kiểm tra kế hoạch cải cách hành chính theo từng cấp.

    Đọc kế hoạch của tỉnh và kế hoạch của sở, huyện, phòng, xã; so từng nhiệm vụ, chỉ tiêu;
    chỉ ra nhiệm vụ bị thiếu, chỉ tiêu thấp hơn, thời hạn muộn hơn, lời văn nhẹ hơn.
    """
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; a CascadeError becomes a Vietnamese message and exit code 2, never a traceback."""
    try:
        cli.main(args=argv, prog_name="cascade", standalone_mode=False)
    except CascadeError as exc:
        logging.getLogger("cascade").debug("%s", exc.detail_en)
        click.echo(f"Lỗi: {exc.message_vi}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Đã dừng.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
