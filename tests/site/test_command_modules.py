"""The ``quantriet`` command imports only the module of the subcommand it runs, so the table naming each
module's subcommands must say exactly what the modules register."""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys

import pytest

from quantriet import cli


def _registered(module_name: str) -> tuple[str, ...]:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers(dest="command")
    importlib.import_module(module_name).register(subparsers)
    return tuple(subparsers.choices)


@pytest.mark.parametrize("module_name", list(cli.SUBCOMMANDS))
def test_each_module_registers_the_commands_the_table_names(module_name: str) -> None:
    assert _registered(module_name) == cli.SUBCOMMANDS[module_name]


def test_the_whole_parser_has_every_command_once() -> None:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    every = [command for commands in cli.SUBCOMMANDS.values() for command in commands]
    assert list(action.choices) == every and len(set(every)) == len(every)


def test_a_command_runs_without_importing_the_other_commands_modules() -> None:
    code = (
        "import sys\n"
        "from quantriet import cli\n"
        "try:\n"
        "    cli.main(['copycheck', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m in cli.SUBCOMMANDS))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "['quantriet.copycheck.cli']"
    assert "--workers" in done.stdout


@pytest.mark.parametrize(("given", "expected"), [(None, "1"), ("4", "4")])
def test_blas_threads_are_one_unless_the_user_set_them(given: str | None, expected: str) -> None:
    """No command does linear algebra: NumPy's BLAS starts no thread per core (a value given stays)."""
    code = (
        "import os, sys\n"
        "from quantriet import cli\n"
        "try:\n"
        "    cli.main(['docref', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(os.environ['OPENBLAS_NUM_THREADS'])\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "OPENBLAS_NUM_THREADS"}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert done.stdout.strip().splitlines()[-1] == expected


def test_help_and_unknown_commands_still_list_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["khong-co-lenh"])
    message = capsys.readouterr().err
    for commands in cli.SUBCOMMANDS.values():
        for command in commands:
            assert command in message
