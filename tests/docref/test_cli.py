"""`quantriet docref extract` per shared/contracts/docref.md, through a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

KEYS = ["file", "start", "end", "text", "id", "type", "number", "issuer", "year", "date", "system"]


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "quantriet.docref", "extract", *args],
        input=stdin,
        capture_output=True,
        check=False,
    )


def records(out: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.decode("utf-8").splitlines()]


def test_it_writes_json_lines_in_contract_order(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "Mở đầu. Nghị quyết số 35-NQ/TW, ngày 20/10/2018 và Quy định 08-QĐi/TW.", encoding="utf-8"
    )
    result = run(str(path))
    assert result.returncode == 0, result.stderr
    rows = records(result.stdout)
    assert [list(r) for r in rows] == [KEYS, KEYS]
    assert rows[0]["file"] == str(path)
    assert rows[0]["id"] == "35-NQ/TW" and rows[0]["date"] == "2018-10-20" and rows[0]["system"] == "party"
    assert rows[1]["id"] == "08-QĐi/TW" and rows[1]["date"] is None


def test_it_reads_standard_input() -> None:
    result = run(stdin="Nghị định 13/2023/NĐ-CP".encode())
    rows = records(result.stdout)
    assert result.returncode == 0
    assert rows[0]["file"] == "-" and rows[0]["id"] == "13/2023/NĐ-CP" and rows[0]["year"] == 2023
    assert records(run("-", stdin="Chỉ thị 05-CT/TW".encode()).stdout)[0]["file"] == "-"


def test_offsets_skip_the_bom_and_keep_crlf(tmp_path: Path) -> None:
    text = "Dòng một.\r\nDòng hai: Nghị quyết số 35-NQ/TW,\r\nngày 20/10/2018.\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    row = records(run(str(path)).stdout)[0]
    assert text[row["start"] : row["end"]] == row["text"]  # type: ignore[misc]
    assert row["text"] == "Nghị quyết số 35-NQ/TW,\r\nngày 20/10/2018"
    assert row["start"] == text.index("Nghị")


def test_a_bad_file_is_reported_and_the_others_still_processed(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Kết luận 21-KL/TW", encoding="utf-8")
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Nghị quyết".encode("utf-16"))
    missing = tmp_path / "missing.txt"
    result = run(str(missing), str(latin), str(good))
    assert result.returncode != 0
    err = result.stderr.decode("utf-8")
    assert str(missing) in err and str(latin) in err
    assert "UTF-8" in err and "Không đọc được" in err
    assert [r["id"] for r in records(result.stdout)] == ["21-KL/TW"]


def test_the_quantriet_command_has_the_subcommand() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quantriet.cli", "docref", "extract"],
        input="Hướng dẫn 21-HD/BTCTW".encode(),
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert records(result.stdout)[0]["id"] == "21-HD/BTCTW"
