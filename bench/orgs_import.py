"""Import speed: a 100,000-row member list, as XLSX and as CSV, checked and written on SQLite.

    .venv/bin/python bench/orgs_import.py            # 100,000 rows, both formats
    .venv/bin/python bench/orgs_import.py --rows 20000 --format csv

Everything happens in a fresh temporary directory (database, files). For each format it reports
reading+checking (the row-by-row validation, every row, no writes), writing (one transaction), and
a second import of the same file (which must change nothing), in rows per second.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
MIDDLE = ["Văn", "Thị", "Minh", "Hữu", "Thanh", "Quốc", "Ngọc", "Đức", "Thu", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hải",
    "Hoa",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phúc",
    "Tâm",
    "Tuấn",
]
HEADER = [
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Số thẻ đảng viên",
    "Mã chi bộ",
]


def _setup(data_dir: Path, rows: int) -> None:
    os.environ["QUANTRIET_DEMO"] = "1"
    # One file of the whole list measures the importer's speed; the site refuses files over
    # IMPORT_MAX_ROWS (50,000 rows) and asks for the list to be split.
    os.environ["IMPORT_MAX_ROWS"] = str(max(rows, 50_000))
    os.environ["QUANTRIET_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "quantriet.site.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--noinput", "-v", "0")


def _tree(cells_per_commune: int = 5, communes: int = 120) -> tuple[object, list[str]]:
    from quantriet.orgs import services

    province = services.create_unit(
        None, name="Tỉnh ủy Thử Nghiệm", code="BENCH", level="central_direct", parent=None
    )
    codes = []
    for c in range(communes):
        commune = services.create_unit(
            None, name=f"Đảng bộ xã số {c}", code=f"B{c}", level="grassroots", parent=province
        )
        for k in range(cells_per_commune):
            codes.append(f"B{c}-{k}")
            services.create_unit(
                None, name=f"Chi bộ {k} xã {c}", code=codes[-1], level="cell", parent=commune
            )
    return province, codes


def _rows(n: int, cells: list[str], seed: int = 7) -> list[list[object]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 40))
        admitted = birth + dt.timedelta(days=365 * 18 + rng.randrange(0, 365 * 15))
        full = admitted + dt.timedelta(days=365) if rng.random() < 0.9 else None
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        rows.append(
            [
                name,
                birth.strftime("%d/%m/%Y"),
                rng.choice(["Nam", "Nữ"]),
                admitted,
                full,
                f"{10_000_000 + i}",
                rng.choice(cells),
            ]
        )
    return rows


def _write_xlsx(path: Path, rows: list[list[object]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(["DANH SÁCH ĐẢNG VIÊN"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def _write_csv(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow(
                [v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else ("" if v is None else v) for v in row]
            )


def _run(path: Path, province: object) -> tuple[float, float, float, dict[str, int]]:
    from quantriet.core.sheets.reading import read_table
    from quantriet.orgs.imports.columns import MEMBER_LAYOUT
    from quantriet.orgs.imports.member_writes import apply_members
    from quantriet.orgs.imports.members import plan_members

    start, cpu_start = time.perf_counter(), time.process_time()
    plan = plan_members(read_table(path, path.name, MEMBER_LAYOUT), province)  # type: ignore[arg-type]
    checked = time.perf_counter()
    summary = apply_members(plan, province, None, source_name=path.name)  # type: ignore[arg-type]
    written = time.perf_counter()
    return checked - start, written - checked, time.process_time() - cpu_start, summary.as_dict()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["xlsx", "csv", "both"], default="both")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="quantriet-bench-import-") as tmp:
        workdir = Path(tmp)
        _setup(workdir, args.rows)

        province, cells = _tree()
        rows = _rows(args.rows, cells)
        formats = ["xlsx", "csv"] if args.format == "both" else [args.format]
        print(f"{args.rows:,} rows, {len(cells)} cells, SQLite, Python {sys.version.split()[0]}")
        for fmt in formats:
            path = workdir / f"members.{fmt}"
            (_write_xlsx if fmt == "xlsx" else _write_csv)(path, rows)
            size_mb = path.stat().st_size / 1048576
            check, write, cpu, summary = _run(path, province)
            assert summary["created"] + summary["unchanged"] == args.rows, summary
            again_check, again_write, _cpu, again = _run(path, province)
            assert again["created"] == 0 and again["updated"] == 0, again
            total = check + write
            print(
                f"{fmt:4} {size_mb:5.1f} MB | read+check {check:6.1f} s | write {write:6.1f} s | "
                f"first import {args.rows / total:8,.0f} rows/s ({args.rows / cpu:,.0f} per CPU-second) | "
                f"re-import (no change) {args.rows / (again_check + again_write):8,.0f} rows/s | {summary}"
            )
            _reset()
    return 0


def _reset() -> None:
    """Remove the imported members so the next format starts from the same empty registry."""
    from quantriet.orgs.models import AccessLog, Member, Placement

    Placement.objects.all().delete()
    AccessLog.objects.all().delete()
    Member.objects.all().delete()


if __name__ == "__main__":
    sys.exit(main())
