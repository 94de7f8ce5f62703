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
    "Là người trực tiếp phụ trách địa bàn",
    "Trong năm qua",
    "Ở khu dân cư nơi tôi sinh sống",
    "Khi làm nhiệm vụ được phân công",
    "Nhìn lại bản thân một cách nghiêm túc",
    "Được chi ủy giao theo dõi hộ gia đình",
    "Với trách nhiệm của tổ trưởng tổ đảng",
    "Mỗi lần sinh hoạt chi bộ",
    "Từ ngày được kết nạp vào Đảng",
    "Trong công việc hằng ngày ở cơ quan",
    "Đối chiếu với quy định mới",
    "Qua các đợt kiểm tra của cấp trên",
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
    "đã có lúc chưa quan tâm đúng mức đến",
    "sẽ dành thời gian tìm hiểu kỹ",
    "mạnh dạn góp ý thẳng thắn về",
    "phối hợp với các đoàn thể để làm tốt",
    "đặt ra chỉ tiêu cụ thể cho",
    "rút kinh nghiệm sâu sắc trong",
    "báo cáo đầy đủ với chi bộ về",
    "tự giác nhận và hoàn thành",
    "lắng nghe ý kiến của nhân dân về",
    "kiểm tra lại kết quả của",
    "xây dựng kế hoạch cá nhân để cải thiện",
    "coi trọng hơn nữa",
)
# An object is a noun and a qualifier (some 1,500 pairs), so no run of words is shared by many reports.
_NOUNS = (
    "phẩm chất đạo đức",
    "lối sống giản dị",
    "nguyên tắc tập trung dân chủ",
    "sinh hoạt chi bộ",
    "công tác kiểm tra",
    "công tác giám sát",
    "mối quan hệ với nhân dân",
    "phong trào nông thôn mới",
    "thông tin trên mạng xã hội",
    "trách nhiệm nêu gương",
    "nhiệm vụ chuyên môn",
    "Điều lệ Đảng",
    "việc kê khai tài sản",
    "an ninh trật tự",
    "đảng phí",
    "khối đoàn kết nội bộ",
    "đơn thư của người dân",
    "chuyển đổi số",
    "mô hình dân vận khéo",
    "công tác phát triển đảng viên",
    "chi tiêu công",
    "tinh thần tự phê bình",
    "quy chế làm việc",
    "chế độ báo cáo",
    "hồ sơ đảng viên",
    "ý kiến của cử tri",
    "đường làng ngõ xóm",
    "vệ sinh môi trường",
    "quỹ khuyến học",
    "hoạt động của tổ tự quản",
    "sổ tay đảng viên",
    "lịch tiếp công dân",
    "kế hoạch sản xuất vụ đông",
    "công tác dân số",
    "việc học tập lý luận",
)
_QUALIFIERS = (
    "của người đảng viên ở cơ sở",
    "trong tình hình mới",
    "tại khu dân cư",
    "ở cơ quan nơi tôi công tác",
    "theo đúng quy định",
    "một cách thực chất",
    "ngay từ đầu năm",
    "của chi bộ thôn",
    "mà cấp ủy đã giao",
    "trên địa bàn xã",
    "trong gia đình mình",
    "giữa các kỳ sinh hoạt",
    "đối với quần chúng",
    "của đảng viên trẻ",
    "mà người dân quan tâm",
    "được nêu trong văn bản",
    "theo kế hoạch của chi ủy",
    "vào dịp cuối năm",
    "ở các xóm xa",
    "đã thành nền nếp",
    "còn nhiều hạn chế",
    "cần được chấn chỉnh",
    "trong nhiệm kỳ này",
    "của tổ đảng",
    "gắn với thực tiễn địa phương",
    "do tôi phụ trách",
    "tại hội nghị chi bộ",
    "ở nơi cư trú",
    "theo hướng dẫn của cấp trên",
    "trong nhiều năm qua",
)
_ADVERBS = ("", "", "", "", "luôn", "sẽ", "đã", "cần", "phải", "quyết tâm", "từng bước", "thường xuyên")
_TAILS = (
    "để xứng đáng với niềm tin của quần chúng",
    "nhằm góp phần xây dựng chi bộ trong sạch, vững mạnh",
    "theo đúng tinh thần văn bản đã được quán triệt",
    "gắn với kế hoạch công tác của năm",
    "một cách thường xuyên, liên tục",
    "với quyết tâm cao và việc làm cụ thể",
    "trước hết từ những việc nhỏ nhất",
    "cả trong công tác lẫn nơi cư trú",
    "dù còn nhiều việc phải làm",
    "để không ai bị bỏ lại phía sau",
    "như lời dặn của các đồng chí lão thành",
    "trong từng việc làm cụ thể hằng tháng",
    "và báo cáo kết quả vào cuối năm",
    "",
    "",
)
_DETAILS = (
    "Chi bộ có {n} đảng viên.",
    "Tôi theo dõi {n} hộ ở xóm {x}.",
    "Năm {y} tôi dự {k} buổi chuyên đề.",
    "Thôn {x} có {n} hộ gia đình.",
    "Cơ quan có {k} đảng viên trẻ.",
    "Mục tiêu năm {y}: đọc {k} cuốn sách.",
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
    if pick.random() < 0.1:
        return pick.choice(_DETAILS).format(
            y=pick.randint(2019, 2025), n=pick.randint(8, 140), k=pick.randint(2, 9), x=pick.randint(1, 12)
        )
    tail = pick.choice(_TAILS)
    adverb = pick.choice(_ADVERBS)
    verb = f"{adverb} {pick.choice(_VERBS)}" if adverb else pick.choice(_VERBS)
    words = [pick.choice(_SUBJECTS), verb, pick.choice(_NOUNS), pick.choice(_QUALIFIERS)]
    if tail:
        words.append(tail)
    return " ".join(words).replace(" ,", ",") + "."


def report_text(seed: int, headings: list[str], *, sentences_per_part: int = 5) -> str:
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


def shuffled_from(text: str, seed: int) -> str:
    """What a copier who hides it hands in: a new opening, and each part's sentences in another order."""
    pick = random.Random(seed)
    paragraphs = text.split("\n\n")
    paragraphs[0] = pick.choice(_OPENINGS)
    for k, paragraph in enumerate(paragraphs):
        heading, newline, body = paragraph.partition("\n")
        if newline:
            sentences = [s for s in body.split(". ") if s]
            pick.shuffle(sentences)
            paragraphs[k] = heading + newline + ". ".join(s.rstrip(".") for s in sentences) + "."
    return "\n\n".join(paragraphs)
