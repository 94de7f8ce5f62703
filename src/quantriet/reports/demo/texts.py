"""Invented learning reports for the demo: sentences assembled from short phrases, different for every seed.

Nothing here is anyone's prose: the phrases are written for the demo, and a report is a random walk over
them (opening, one part per question of the guidance, closing), so two demo reports share words and stock
phrases as real ones do, but never a passage the copy check would report.
"""

from __future__ import annotations

import random

_SUBJECTS = (
    "Bản thân tôi",
    "Là đảng viên sinh hoạt tại chi bộ",
    "Với cương vị được giao",
    "Qua nghiên cứu văn bản",
    "Sau hội nghị quán triệt",
    "Trong thời gian tới",
    "Thực tế ở địa phương cho thấy",
    "Chi bộ chúng tôi",
    "Qua trao đổi với quần chúng",
    "Từ kinh nghiệm công tác",
)
_VERBS = (
    "nhận thức sâu sắc hơn",
    "thấy rõ trách nhiệm",
    "cam kết thực hiện nghiêm",
    "tiếp tục rèn luyện",
    "chủ động tuyên truyền",
    "đề xuất với chi ủy",
    "nghiêm túc tự kiểm điểm về",
    "kiên quyết đấu tranh với",
    "thường xuyên theo dõi",
    "gương mẫu chấp hành",
    "tích cực vận động gia đình thực hiện",
)
_OBJECTS = (
    "việc giữ gìn phẩm chất đạo đức, lối sống của người đảng viên",
    "những biểu hiện suy thoái về tư tưởng chính trị",
    "nguyên tắc tập trung dân chủ trong sinh hoạt chi bộ",
    "các quy định về những điều đảng viên không được làm",
    "công tác kiểm tra, giám sát của chi bộ đối với đảng viên",
    "mối quan hệ mật thiết giữa Đảng với nhân dân nơi cư trú",
    "chất lượng sinh hoạt chi bộ định kỳ và chuyên đề",
    "phong trào xây dựng nông thôn mới ở thôn xóm",
    "thông tin sai trái lan truyền trên mạng xã hội",
    "trách nhiệm nêu gương của cán bộ, đảng viên",
    "việc thực hiện nhiệm vụ chuyên môn tại cơ quan",
    "quyền và nghĩa vụ của đảng viên theo Điều lệ Đảng",
)
_TAILS = (
    "để xứng đáng với niềm tin của quần chúng",
    "nhằm góp phần xây dựng chi bộ trong sạch, vững mạnh",
    "theo đúng tinh thần văn bản đã được quán triệt",
    "gắn với kế hoạch công tác của năm",
    "một cách thường xuyên, liên tục",
    "với quyết tâm cao và việc làm cụ thể",
    "trước hết từ những việc nhỏ nhất",
    "cả trong công tác lẫn nơi cư trú",
    "",
    "",
)
_OPENINGS = (
    "Được sự quan tâm của cấp ủy, tôi đã tham dự đầy đủ hội nghị học tập, quán triệt.",
    "Thực hiện kế hoạch của cấp ủy cấp trên, chi bộ đã tổ chức cho đảng viên nghiên cứu văn bản.",
    "Sau khi nghe báo cáo viên truyền đạt, tôi đã dành thời gian tự nghiên cứu thêm.",
    "Tôi xin trình bày bài thu hoạch về những nội dung đã được học tập như sau.",
)
_CLOSINGS = (
    "Trên đây là bài thu hoạch của bản thân, kính mong chi bộ góp ý.",
    "Tôi xin hứa sẽ thực hiện đúng những điều đã cam kết trong bài thu hoạch này.",
    "Trên đây là những nhận thức và cam kết của tôi sau đợt học tập.",
)


def sentence(pick: random.Random) -> str:
    tail = pick.choice(_TAILS)
    words = [pick.choice(_SUBJECTS), pick.choice(_VERBS), pick.choice(_OBJECTS)]
    if tail:
        words.append(tail)
    return " ".join(words).replace(" ,", ",") + "."


def report_text(seed: int, headings: list[str], *, sentences_per_part: int = 9) -> str:
    """A learning report: an opening, a part per heading of the guidance, a closing."""
    pick = random.Random(seed)
    parts = [pick.choice(_OPENINGS)]
    for number, heading in enumerate(headings, start=1):
        body = " ".join(sentence(pick) for _ in range(sentences_per_part))
        parts.append(f"{number}. {heading}\n{body}")
    parts.append(pick.choice(_CLOSINGS))
    return "\n\n".join(parts)


def copied_from(text: str, seed: int) -> str:
    """What a copier hands in: the same text with a new opening and a few words changed."""
    pick = random.Random(seed)
    edited = text.replace("Bản thân tôi", "Cá nhân tôi", 2).replace("chi bộ", "Chi bộ", pick.randint(1, 3))
    paragraphs = edited.split("\n\n")
    paragraphs[0] = pick.choice(_OPENINGS)
    return "\n\n".join(paragraphs)
