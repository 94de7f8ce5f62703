"""Invented report texts for tests: seeded, distinct, long enough for the copy check (never real prose)."""

from __future__ import annotations

import random

_SYLLABLES = (  # noqa: SIM905 - a phrase list reads better as text
    "đảng viên chi bộ nghị quyết học tập quán triệt nhận thức trách nhiệm gương mẫu rèn "
    "luyện đạo đức lối sống nhân dân cơ sở nhiệm vụ giải pháp thực hiện kế hoạch phong "
    "trào thi đua kinh tế xã hội văn hóa giáo dục y tế môi trường nông thôn mới đoàn kết "
    "thống nhất dân chủ kỷ luật kỷ cương tự phê bình phê bình sinh hoạt định kỳ chuyên đề "
    "tư tưởng chính trị cán bộ công chức năng lực phẩm chất uy tín niềm tin đấu tranh phản "
    "bác quan điểm sai trái thù địch mạng xã hội thông tin tuyên truyền vận động hộ gia "
    "đình thôn xóm khu dân cư bảo vệ nền tảng xây dựng chỉnh đốn tinh gọn bộ máy hiệu lực "
    "hiệu quả chuyển đổi số cải cách hành chính"
).split()


def essay(seed: int, words: int = 400) -> str:
    """A text of about ``words`` syllables in sentences of 12-20, different for every seed."""
    pick = random.Random(seed)
    sentences: list[str] = []
    count = 0
    while count < words:
        length = pick.randint(12, 20)
        sentence = " ".join(pick.choice(_SYLLABLES) for _ in range(length))
        sentences.append(sentence[0].upper() + sentence[1:] + ".")
        count += length
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
    return "\n\n".join(paragraphs)


def lightly_edited(text: str) -> str:
    """A copy with a new opening line and a few words changed: what copiers do."""
    edited = text.replace("nhiệm vụ", "công việc", 3).replace("chi bộ", "Chi bộ", 2)
    return "Bài thu hoạch của tôi như sau.\n\n" + edited
