"""Command-line entry point: `cascade parse|audit|eval|…`.

Subcommands live in `cascade/commands/<name>.py` and are imported only when run, so
`cascade --help` stays fast (no pandas, networkx, python-docx or pdfplumber at start-up).

Everything the CLI prints is Vietnamese, click's own words too: its help headings ("Usage:", "Options:"), the help
of --help and --version, its error messages ("Missing argument …", "Invalid value for …") and the placeholders of
arguments and option values (TEXT, INTEGER, PATH …). `VietnameseContext` / `VietnameseHelpFormatter` render the
help; `CLICK_WORDS` translates the messages click builds with gettext.
"""

from __future__ import annotations

import importlib
import logging
import re
import sys
from typing import Any

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
    "draft": ("cascade.commands.draft", "Lập khung kế hoạch của một cơ quan từ kế hoạch cấp trên (.docx, .txt)."),
    "admin": ("cascade.commands.admin", "Quản trị dịch vụ dùng chung của tỉnh: cơ sở dữ liệu, tài khoản, sao lưu."),
}

# click's English messages (its gettext message ids, click 8.1–8.3) → Vietnamese. Placeholders are kept; a
# translation may leave one out ("{name}" of a path is "File"/"Directory", title-cased by click).
CLICK_WORDS: dict[str, str] = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Tham số",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Gõ “{command} {option}” để xem hướng dẫn.",
    "Aborted!": "Đã dừng.",
    "required": "bắt buộc",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "deprecated": "không còn dùng",
    "(dynamic)": "(tùy lúc chạy)",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing command.": "Chưa chọn lệnh.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "No such option: {name}": "Không có tùy chọn {name}.",
    "Did you mean {possibility}?": "Có phải là {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Có phải là một trong: {possibilities}?)",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Option {name!r} requires an argument.": "Tùy chọn {name!r} cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn {name!r} cần {nargs} giá trị.",
    "Argument {name!r} takes {nargs} values.": "Tham số {name!r} cần {nargs} giá trị.",
    "Got unexpected extra argument ({args})": "Thừa tham số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa các tham số ({args})",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "{value!r} is not {choice}.": "{value!r} không phải là {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} không thuộc các giá trị {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là số hợp lệ.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} không phải là giá trị có/không. Giá trị được nhận: {states}",
    "{value!r} is not a valid UUID.": "{value!r} không phải là UUID hợp lệ.",
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    "{name} {filename!r} does not exist.": "Không tìm thấy {filename!r}.",
    "{name} {filename!r} is a file.": "{filename!r} là một tệp, cần một thư mục.",
    "{name} {filename!r} is a directory.": "{filename!r} là một thư mục, cần một tệp.",
    "{name} {filename!r} is not readable.": "Không đọc được {filename!r}.",
    "{name} {filename!r} is not writable.": "Không ghi được vào {filename!r}.",
    "{name} {filename!r} is not executable.": "Không chạy được {filename!r}.",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "unknown error": "lỗi không rõ",
    "Value must be an iterable.": "Giá trị phải là một danh sách.",
    "Takes {nargs} values but 1 was given.": "Cần {nargs} giá trị nhưng chỉ có 1.",
    "Takes {nargs} values but {len} were given.": "Cần {nargs} giá trị nhưng có {len}.",
}

# Placeholders click prints for option values and arguments ("--jobs INTEGER", "[OPTIONS] COMMAND [ARGS]...",
# "cascade audit PARENT CHILD") → Vietnamese. Longest first, whole upper-case words only.
METAVARS: dict[str, str] = {
    "[OPTIONS]": "[TÙY_CHỌN]",
    "[ARGS]...": "[THAM_SỐ]...",
    "COMMAND": "LỆNH",
    "INTEGER RANGE": "SỐ",
    "FLOAT RANGE": "SỐ",
    "INTEGER": "SỐ",
    "FLOAT": "SỐ",
    "BOOLEAN": "CÓ|KHÔNG",
    "TEXT": "CHỮ",
    "FILENAME": "TỆP",
    "DIRECTORY": "THƯ_MỤC",
    "FILE": "TỆP",
    "PATH": "ĐƯỜNG_DẪN",
    "PARENT": "CẤP_TRÊN",
    "CHILD": "CẤP_DƯỚI",
    "SOURCE": "HỒ_SƠ",
    "PLAN": "KẾ_HOẠCH",
    "ITEM": "MỤC",
    "KEYS": "ĐÁP_ÁN",
}
_METAVAR_RE = re.compile(r"(?<![\w\[-])(?:" + "|".join(re.escape(k) for k in sorted(METAVARS, key=len, reverse=True))
                         + r")(?![\w-])")


def vietnamese_placeholders(text: str) -> str:
    """`text` with click's English placeholders (INTEGER, PATH, [OPTIONS], PARENT …) in Vietnamese."""
    return _METAVAR_RE.sub(lambda m: METAVARS[m.group(0)], text)


def _gettext(message: str) -> str:
    return CLICK_WORDS.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def localize_click() -> None:
    """Make click speak Vietnamese: its modules call gettext's `_`/`ngettext`, looked up when a message is built.

    Done once at import, before any command module is imported (a Path type names itself "file" at definition).
    """
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types
    import click.utils

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.termui,
                   click.types, click.utils):
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]


localize_click()


class VietnameseHelpFormatter(click.HelpFormatter):
    """click's help layout with Vietnamese headings and placeholders."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """The usage line, "Cách dùng: cascade audit [TÙY_CHỌN] CẤP_TRÊN CẤP_DƯỚI"."""
        super().write_usage(prog, vietnamese_placeholders(args), prefix)

    def write_heading(self, heading: str) -> None:
        """A section heading ("Tùy chọn:", "Lệnh:")."""
        super().write_heading(_gettext(heading))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        """The option rows, "-j, --jobs SỐ  …"."""
        super().write_dl([(vietnamese_placeholders(a), b) for a, b in rows], col_max, col_spacing)

    def write_text(self, text: str) -> None:
        """A command's description; the argument placeholders it names are those of the usage line."""
        super().write_text(vietnamese_placeholders(text))


class VietnameseContext(click.Context):
    """A click context whose help is written by `VietnameseHelpFormatter`."""

    formatter_class = VietnameseHelpFormatter


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    context_class = VietnameseContext

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The commands whose module is installed, in the order of COMMANDS."""
        return [name for name, (module, _) in COMMANDS.items() if importlib.util.find_spec(module) is not None]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        """The command `name`, its module imported now; its help and errors in Vietnamese."""
        if name not in COMMANDS:
            return None
        module, _ = COMMANDS[name]
        try:
            command = importlib.import_module(module).command
        except ModuleNotFoundError:
            return None
        command.context_class = VietnameseContext
        if any(p.name == "level" for p in command.params) and any(p.name == "child" for p in command.params):
            _check_given_level(command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The "Lệnh" section: one Vietnamese line per command, without importing them."""
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Lệnh"):
                formatter.write_dl(rows)


def level_warning(child: str, level: str | None) -> str | None:
    """The warning for a `--level` that contradicts the child document's own level (None when they agree, when no
    level was given, or when the file cannot be read — the command itself then reports that)."""
    if not level:
        return None
    try:
        from cascade.agencies import detect_child
        from cascade.hierarchy.problems import level_conflict
        from cascade.parse import parse_file

        plan = parse_file(child)
        own = detect_child(plan)[1]
    except Exception:  # noqa: BLE001 — a bad file is the audit's to report, with its own message
        return None
    return level_conflict(own, level, plan.agency, "cấp chọn bằng --level")


def _check_given_level(command: click.Command) -> None:
    """Warn (on stderr, before the work starts) when the command's --level contradicts its CHILD document.

    The check wraps the command's callback once, here in the dispatcher, so it is one function whatever command
    takes a child plan and a level; the command keeps the given level (the official may know better).
    """
    if getattr(command.callback, "_level_checked", False) or command.callback is None:
        return
    original = command.callback

    def callback(*args: Any, **kwargs: Any) -> Any:
        warning = level_warning(kwargs.get("child") or "", kwargs.get("level"))
        if warning:
            click.echo(f"Chú ý: {warning}", err=True)
        return original(*args, **kwargs)

    callback._level_checked = True  # type: ignore[attr-defined]
    command.callback = callback


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--verbose", "-v", is_flag=True, help="Ghi nhật ký chi tiết (tiếng Anh) ra màn hình lỗi.")
@click.version_option(package_name="cascade-audit", message="cascade %(version)s")
def cli(verbose: bool) -> None:
    """cascade — kiểm tra kế hoạch cải cách hành chính theo từng cấp.

    Đọc kế hoạch của tỉnh và kế hoạch của sở, huyện, phòng, xã; so từng nhiệm vụ, chỉ tiêu;
    chỉ ra nhiệm vụ bị thiếu, chỉ tiêu thấp hơn, thời hạn muộn hơn, lời văn nhẹ hơn.
    """
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def _show_click_error(exc: click.ClickException) -> None:
    """click's error in Vietnamese, an argument named by its placeholder as in the usage line ('KẾ_HOẠCH')."""
    # Only the parameter's name is translated: the message itself may quote what the user typed.
    if isinstance(exc, click.BadParameter) and exc.param is not None and exc.ctx is not None \
            and exc.param.param_type_name == "argument" and exc.param_hint is None:
        exc.param_hint = vietnamese_placeholders(f"'{exc.param.make_metavar(exc.ctx)}'")
    exc.show()


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
        _show_click_error(exc)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
