"""Helpers for the copy-check command-line tests: invented prose and an in-process ``quantriet`` call."""

from __future__ import annotations

import contextlib
import io
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quantriet.cli import main

# Invented Vietnamese syllables; prose drawn at random from them shares no long run between documents
# unless a test puts one there.
VOCAB = (  # noqa: SIM905 (a sentence reads better than 150 quoted words)
    "đảng viên chi bộ học tập quán triệt nghị quyết thực hiện nhiệm vụ phong trào thi đua xây dựng "
    "nông thôn mới kinh tế văn hoá xã hội giáo dục đào tạo thanh niên phụ nữ cựu chiến binh nông dân "
    "công đoàn mặt trận tổ quốc chính quyền đoàn thể nhân dân địa phương thôn bản khu phố tổ dân cán "
    "bộ công chức giải pháp kết quả hạn chế nguyên nhân bài học kinh nghiệm phương hướng kế hoạch "
    "trách nhiệm gương mẫu đạo đức lối sống tư tưởng chính trị đổi mới sáng tạo đoàn kết thống nhất "
    "năng lực lãnh đạo sức chiến đấu kỷ luật kỷ cương chuyển đổi số môi trường sức khoẻ an ninh trật "
    "tự quốc phòng biên giới biển đảo hợp tác quốc tế bền vững tăng trưởng hạ tầng giao thông thuỷ "
    "lợi điện lưới trường học trạm y tế nhà văn hoá sân thể thao chợ đường làng ngõ xóm"
).split()


def prose(seed: int, words: int = 120) -> str:
    """A paragraph of ``words`` syllables, with a full stop every 8 to 16 syllables."""
    rng = random.Random(seed)
    out: list[str] = []
    sentence: list[str] = []
    length = rng.randint(8, 16)
    for _ in range(words):
        sentence.append(rng.choice(VOCAB))
        if len(sentence) == length:
            out.append(" ".join(sentence).capitalize() + ".")
            sentence, length = [], rng.randint(8, 16)
    if sentence:
        out.append(" ".join(sentence).capitalize() + ".")
    return " ".join(out)


@dataclass
class Run:
    status: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def copycheck(*args: str | Path) -> Run:
    """Run ``quantriet copycheck ARGS`` in this process, capturing what it writes."""
    out, err = io.StringIO(), io.StringIO()
    status: int
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(["copycheck", *(str(arg) for arg in args)])
        except SystemExit as exit_:  # argparse refuses bad options this way
            status = exit_.code if isinstance(exit_.code, int) else 1
    return Run(status, out.getvalue(), err.getvalue())


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8"))  # bytes: no newline translation
    return path


def passage_texts(pair: dict[str, Any], texts: dict[str, str]) -> list[tuple[str, str]]:
    """The (a, b) text of each passage of a JSON pair, cut with the reported offsets."""
    a, b = texts[pair["a"]], texts[pair["b"]]
    return [(a[p["a_start"] : p["a_end"]], b[p["b_start"] : p["b_end"]]) for p in pair["passages"]]
