"""The ``quantriet`` command.

Each subcommand lives in its own module exposing ``register(subparsers)``; the module sets
``func`` on its parser to a callable taking the parsed arguments and returning an exit status.
Modules are imported lazily so that pure commands (``docref``, ``copycheck``) start without Django,
and a command names its module here so that only that module is imported to run it.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

# Modules that add subcommands, in the order they appear in --help, with the commands each adds.
SUBCOMMANDS = {
    "quantriet.site.commands": ("demo", "serve", "worker", "manage"),
    "quantriet.docref.cli": ("docref",),
    "quantriet.orgs.cli": ("import",),
    "quantriet.documents.cli": ("documents",),
    "quantriet.copycheck.cli": ("copycheck",),
    "quantriet.reports.cli": ("reports",),
    "quantriet.site.purge": ("purge",),
}
SUBCOMMAND_MODULES = list(SUBCOMMANDS)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command's parser: every subcommand, or only ``command``'s module's (a faster start: the
    copy check does not import the citation parser's tables)."""
    parser = argparse.ArgumentParser(
        prog="quantriet",
        description="Nền tảng công tác xây dựng Đảng: tổ chức, đảng viên, học tập quán triệt, bài thu hoạch.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = [name for name, commands in SUBCOMMANDS.items() if command in commands]
    for name in chosen or SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name and name.startswith(error.name):  # not written yet; the others still work
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # No command does linear algebra, so NumPy's BLAS library need not start a thread per core when NumPy
    # is imported (a third of the copy check's start-up CPU, measured); a value set by the user stays.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(arguments[0] if arguments else None)
    args = parser.parse_args(arguments)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return 2
    status: int = func(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
