"""``quantriet docref extract [FILE...]``: citations as JSON Lines (contract: shared/contracts/docref.md)."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Sequence
from typing import Any, BinaryIO, TextIO

from quantriet.docref.extract import extract

_BOM = "\ufeff"


def register(subparsers: Any) -> None:
    """Add the ``docref`` subcommand to an argparse subparsers object.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.
    """
    docref = subparsers.add_parser(
        "docref",
        help="tìm trích dẫn văn bản Đảng và Nhà nước",
        description="Tìm trích dẫn văn bản của Đảng và Nhà nước (số, ký hiệu, ngày ban hành) trong văn bản.",
    )
    docref.set_defaults(func=run, docref_command=None)
    commands = docref.add_subparsers(dest="docref_command", metavar="LỆNH")
    extract_parser = commands.add_parser(
        "extract",
        help="in các trích dẫn dạng JSON Lines",
        description="Đọc từng TỆP UTF-8 ('-' là đầu vào chuẩn), in mỗi trích dẫn một dòng JSON.",
    )
    extract_parser.add_argument("files", nargs="*", metavar="TỆP", help="tệp UTF-8, '-' là đầu vào chuẩn")


def run(args: argparse.Namespace) -> int:
    """Run the ``docref`` subcommand; the exit status is 0 when every input was read."""
    if getattr(args, "docref_command", None) != "extract":
        print("Hãy chọn một lệnh: quantriet docref extract [TỆP...] (choose a command)", file=sys.stderr)
        return 2
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")  # the contract says UTF-8, whatever the locale
    return extract_files(args.files or ["-"], stdin=sys.stdin.buffer, stdout=sys.stdout, stderr=sys.stderr)


def extract_files(names: Sequence[str], *, stdin: BinaryIO, stdout: TextIO, stderr: TextIO) -> int:
    """Write the citations of each named file (``-`` for ``stdin``) to ``stdout`` as JSON Lines.

    A file that cannot be read or decoded is reported on ``stderr`` and skipped; the others are still
    processed, and the exit status is then 1.
    """
    status = 0
    for name in names:
        text = _read_text(name, stdin, stderr)
        if text is None:
            status = 1
            continue
        for citation in extract(text):
            record = {"file": name, **citation.as_dict()}
            stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    stdout.flush()
    return status


def _read_text(name: str, stdin: BinaryIO, stderr: TextIO) -> str | None:
    shown = "đầu vào chuẩn" if name == "-" else name
    try:
        if name == "-":
            data = stdin.read()
        else:
            with open(name, "rb") as handle:  # bytes, so that line endings reach extract() untouched
                data = handle.read()
    except OSError as error:
        reason = error.strerror or str(error)
        message = f"Không đọc được {shown}: {reason}. Hãy kiểm tra đường dẫn và quyền đọc. (cannot read)"
        print(message, file=stderr)
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        print(
            f"{shown} không phải văn bản UTF-8 (byte không hợp lệ ở vị trí {error.start}). "
            "Hãy lưu lại dưới dạng UTF-8 rồi thử lại. (not UTF-8)",
            file=stderr,
        )
        return None
    return text.removeprefix(_BOM)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m quantriet.docref``; the same commands as ``quantriet docref``."""
    parser = argparse.ArgumentParser(prog="python -m quantriet.docref")
    commands = parser.add_subparsers(dest="command", metavar="LỆNH")
    register(commands)
    args = parser.parse_args(["docref", *(sys.argv[1:] if argv is None else argv)])
    status: int = args.func(args)
    return status
