"""Importer memory: malformed, bombed and huge files through each importer, peak memory per file.

    .venv/bin/python -m bench.importers_fuzz                 # every file, every importer; prints the table
    .venv/bin/python -m bench.importers_fuzz --write-readme  # ... and puts it in bench/README.md
    .venv/bin/python -m bench.importers_fuzz --only xfd      # the files whose name contains "xfd"

Files come from ``bench/importer_files.py`` (built in a temporary directory, never committed), all
within the upload limit (``IMPORT_MAX_BYTES``). Each (file, importer) pair runs in a fresh Python
process on a copy of one prepared SQLite database (a province, a commune, a cell; a user who may import
members and units and register documents there), through the same entry points as the background jobs:
``orgs.imports.import_file`` for members and units, ``documents.services.transfer.import_documents``.
The child reports its peak resident memory (``ru_maxrss``) with Django loaded and after the import; the
bound the issue asks for is 300 MB for any file.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import importer_files as files

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "bench" / "README.md"
SECTION = "## Importer memory"
BOUND_MB = 300
KINDS = ("members", "units", "documents")
LEGAL_ROWS = {"members": 50_000, "units": 5_000, "documents": 10_000}

Builder = Callable[[Path, str], Path]
# name → (what it is, builder). Sizes stay within the 20 MB upload limit.
FILES: dict[str, tuple[str, Builder]] = {
    "xfd-54k": ("10,000 rows, one cell each at column XFD", lambda p, k: files.xfd_rows(p, k, 10_000)),
    "xfd-299k": ("60,000 rows, one cell each at XFD", lambda p, k: files.xfd_rows(p, k, 60_000)),
    "xfd-593k": ("120,000 rows, one cell each at XFD", lambda p, k: files.xfd_rows(p, k, 120_000)),
    "xfd-1048000": ("1,048,000 rows, one cell each at XFD", lambda p, k: files.xfd_rows(p, k, 1_048_000)),
    "rows-1048000": ("1,048,000 rows of one cell", lambda p, k: files.many_rows(p, k, 1_048_000)),
    "strings-499k": (
        "499,000 shared strings (under the limit)",
        lambda p, k: files.shared_strings(p, k, 499_000),
    ),
    "strings-2m": ("2,000,000 shared strings", lambda p, k: files.shared_strings(p, k, 2_000_000)),
    "zip-bomb-1g": ("a sheet declaring 1 GB unpacked", lambda p, k: files.zip_bomb(p, k, 1024)),
    "deep-xml-1m": ("1,000,000 nested elements in a row", lambda p, k: files.deep_xml(p, k, 1_000_000)),
    "flat-xml-5m": (
        "5,000,000 unknown elements beside the rows",
        lambda p, k: files.wide_outside_rows(p, k, 5_000_000),
    ),
    "malformed-xml": ("a sheet cut inside a cell", lambda p, k: files.malformed_xml(p, k)),
    "truncated-zip": ("a legal file cut in half", lambda p, k: files.truncated(p, k, 20_000)),
    "csv-1048000": ("CSV, 1,048,000 lines", lambda p, k: files.csv_rows(p.with_suffix(".csv"), k, 1_048_000)),
    "csv-wide-15m": (
        "CSV, one line of 15,000,000 commas",
        lambda p, k: files.csv_wide(p.with_suffix(".csv"), k, 15_000_000),
    ),
    "legal-max": (
        "valid rows: members 50,000 (the row limit), units 5,000, documents 10,000",
        lambda p, k: files.legal(p, k, LEGAL_ROWS[k]),
    ),
}


def _peak_kb() -> int:
    """This process's peak resident memory in KB.

    Linux's ``ru_maxrss`` keeps the parent's peak across fork and exec, so a child started by a large
    parent would report the parent's memory; VmHWM belongs to the process's own address space.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _django(data_dir: Path) -> None:
    os.environ["QUANTRIET_DEMO"] = "1"
    os.environ["QUANTRIET_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "quantriet.site.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def prepare(data_dir: Path) -> None:
    """Child: migrate a database and make the small tree and the importing user."""
    _django(data_dir)
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from quantriet.orgs import services
    from quantriet.orgs.models import Role

    call_command("migrate", "--noinput", "-v", "0")
    province = services.create_unit(
        None, name="Tỉnh ủy Thử", code="PROV", level="central_direct", parent=None
    )
    commune = services.create_unit(
        None, name="Đảng bộ xã An Hòa", code="XA", level="grassroots", parent=province
    )
    services.create_unit(None, name="Chi bộ thôn 1", code="XA1", level="cell", parent=commune)
    user = User.objects.create_user("bench", "bench@example.org", "mat-khau-bench-1")
    services.grant_role(None, user, province, Role.ORGANISATION)
    services.grant_role(None, user, province, Role.OFFICE)


def child(data_dir: Path, kind: str, path: Path) -> None:
    """Child: import ``path`` as ``kind``; print one JSON line with the outcome, time and memory."""
    _django(data_dir)
    from django.contrib.auth.models import User

    from quantriet.documents.services.transfer import import_documents
    from quantriet.orgs.imports import ImportRejected, import_file
    from quantriet.orgs.models import Unit

    user = User.objects.get(username="bench")
    scope = Unit.objects.get(code="XA" if kind == "members" else "PROV")
    ready = _peak_kb()
    start = time.perf_counter()
    try:
        if kind == "documents":
            summary = import_documents(user, path, path.name)
        else:
            summary = import_file(path, path.name, kind, scope, user)
        outcome = f"imported: {summary.created} new"
    except ImportRejected as rejected:
        outcome = f"refused ({rejected.total} problems): {rejected.errors[0].message}"
    seconds = time.perf_counter() - start
    peak = _peak_kb()
    print(json.dumps({"outcome": outcome, "seconds": seconds, "ready_kb": ready, "peak_kb": peak}))


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}"}
    return subprocess.run(
        [sys.executable, "-m", "bench.importers_fuzz", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split()).replace("|", "/")
    return text if len(text) <= width else text[: width - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", default="", help="run only the files whose name contains this")
    parser.add_argument("--write-readme", action="store_true", help="put the table in bench/README.md")
    parser.add_argument("--prepare", metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs=3, metavar=("DIR", "KIND", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare:
        prepare(Path(args.prepare))
        return 0
    if args.child:
        child(Path(args.child[0]), args.child[1], Path(args.child[2]))
        return 0

    lines = [
        "| file | what it holds | size | importer | outcome | time | peak RSS |",
        "|---|---|---:|---|---|---:|---:|",
    ]
    worst = 0.0
    with tempfile.TemporaryDirectory(prefix="quantriet-fuzz-") as tmp:
        work = Path(tmp)
        template = work / "template"
        template.mkdir()
        done = _run(["--prepare", str(template)])
        if done.returncode:
            print(done.stdout, done.stderr, file=sys.stderr)
            return 1
        for name, (what, builder) in FILES.items():
            if args.only not in name:
                continue
            for kind in KINDS:
                path = builder(work / f"{name}-{kind}.xlsx", kind)
                data_dir = work / f"db-{name}-{kind}"
                shutil.copytree(template, data_dir)
                result = _run(["--child", str(data_dir), kind, str(path)])
                size = path.stat().st_size
                if result.returncode:
                    outcome, seconds, peak_mb = f"CRASHED: {_short(result.stderr[-300:])}", 0.0, float("nan")
                else:
                    report = json.loads(result.stdout.strip().splitlines()[-1])
                    outcome, seconds = report["outcome"], report["seconds"]
                    peak_mb = report["peak_kb"] / 1024
                    worst = max(worst, peak_mb)
                row = (
                    f"| {name} | {what} | {size / 1024:,.0f} KB | {kind} | {_short(outcome)} | "
                    f"{seconds:.1f} s | {peak_mb:.0f} MB |"
                )
                print(row, flush=True)
                lines.append(row)
                shutil.rmtree(data_dir)
                path.unlink()
    python = sys.version.split()[0]
    summary = f"Worst peak: {worst:.0f} MB (bound: {BOUND_MB} MB), Python {python}, SQLite."
    print(summary)
    if args.write_readme:
        _write_readme(lines, summary)
    return 0 if worst < BOUND_MB else 1


def _write_readme(lines: list[str], summary: str) -> None:
    body = "\n".join(
        [
            SECTION,
            "",
            "`python -m bench.importers_fuzz --write-readme` (issue 9: the importers stay under "
            f"{BOUND_MB} MB for any input within the upload limit). Each file runs through each importer in "
            "its own process; *peak RSS* is the process's whole resident memory (Python, Django and "
            "openpyxl loaded: about 70 MB before the import starts). Limits: "
            "`IMPORT_MAX_UNCOMPRESSED_BYTES` 160 MB, `IMPORT_MAX_ROWS` 50,000, `IMPORT_MAX_COLUMNS` 64, "
            "shared strings 16 MB / 500,000, XML depth 40 (`core/sheets/limits.py`). Before them (issue 9, "
            "measured by the outside probe): the 54 KB XFD file took 1.3 GB, the 299 KB one 7.6 GB, the "
            "593 KB one ran out of memory; the 1,048,000-row file stored 4,192,000 errors (job page 8.5 s, "
            "errors.xlsx 137 s and 6.5 GB). Now at most 1,000 errors are kept, then “and N more”.",
            "",
            *lines,
            "",
            summary,
            "",
        ]
    )
    text = README.read_text(encoding="utf-8")
    if SECTION in text:
        start = text.index(SECTION)
        following = text.find("\n## ", start + len(SECTION))
        text = text[:start] + body + (text[following + 1 :] if following >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + body
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
