"""The truth table of the rating rules: one row per case, each naming the text behind it.

Each row starts from a member (or an organisation) who meets every condition of HTXS under the rule set
and changes only what the case is about, so the expected level and reason come from that change alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from quantriet.rules import (
    Discipline,
    DisciplineKind,
    Grade,
    Level,
    MemberFacts,
    OrganisationFacts,
    Period,
)

XS, TOT, TB, KEM = Grade.EXCELLENT, Grade.GOOD, Grade.AVERAGE, Grade.POOR
HTXS, HTT, HT, KHT = Level.EXCELLENT, Level.GOOD, Level.DONE, Level.NOT_DONE
REPRIMAND, WARNING = DisciplineKind.REPRIMAND, DisciplineKind.WARNING

HD21 = "Hướng dẫn 21-HD/BTCTW"
QD124 = "Quy định 124-QĐ/TW"
QD124_ART12 = "Quy định 124-QĐ/TW, Điều 12"
QD366 = "Quy định 366-QĐ/TW; Hướng dẫn 43-HD/BTCTW"
NĐ335 = "Nghị định 335/2025/NĐ-CP"

BEST_MEMBER = {
    "hd21": MemberFacts(task_grades=(XS, XS), other_grades=(TOT, XS), tasks_done_share=1.0),
    "qd124": MemberFacts(
        task_grades=(XS,), other_grades=(TOT,), tasks_on_time_share=1.0, tasks_exceeded_share=0.6
    ),
    "qd366": MemberFacts(
        points=95, tasks_on_time_share=1.0, tasks_exceeded_share=0.4, shortcomings_remedied_share=1.0
    ),
}
BEST_ORGANISATION = {
    "hd21": OrganisationFacts(task_grades=(XS,), other_grades=(TOT,)),
    "qd124": OrganisationFacts(task_grades=(XS,), other_grades=(TOT,)),
    "qd366": OrganisationFacts(
        points=95,
        tasks_on_time_share=1.0,
        tasks_exceeded_share=0.4,
        shortcomings_remedied_share=1.0,
        tasks_done_share=1.0,
        tasks_late_share=0.0,
    ),
}


@dataclass(frozen=True)
class Row:
    """One case: the period, what differs from the best record, the level and the deciding reason."""

    name: str
    period: Period
    changes: dict[str, Any]
    level: Level | None
    reason: str | None  # the code of the reason that decides the level (None: no cap applies)
    citation: str  # the text behind the row; every reason given must cite it
    organisation: bool = False

    def facts(self, rule_set: str) -> MemberFacts | OrganisationFacts:
        base = BEST_ORGANISATION[rule_set] if self.organisation else BEST_MEMBER[rule_set]
        return dataclasses.replace(base, **self.changes)


def d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def disc(kind: DisciplineKind, on: dt.date, self_detected: bool = False) -> tuple[Discipline, ...]:
    return (Discipline(kind, on, self_detected),)


Y21, Y22, Y23, Y24, Y25 = (Period.year(y) for y in (2021, 2022, 2023, 2024, 2025))

HD21_ROWS = [
    Row("mọi tiêu chí đạt: HTXS", Y21, {}, HTXS, None, HD21),
    Row("năm đầu của bộ quy định (2019)", Period.year(2019), {}, HTXS, None, HD21),
    Row(
        "tiêu chí kết quả nhiệm vụ chỉ Tốt: tối đa HTT",
        Y21,
        {"task_grades": (XS, TOT)},
        HTT,
        "task_criteria_not_excellent",
        HD21,
    ),
    Row(
        "tiêu chí khác Trung bình: tối đa HTT", Y21, {"other_grades": (TB,)}, HTT, "criteria_below_good", HD21
    ),
    Row("nghỉ ốm 90 ngày: tối đa HT", Y21, {"sick_leave_days": 90}, HT, "sick_leave", HD21),
    Row("nghỉ ốm 89 ngày: không giới hạn", Y21, {"sick_leave_days": 89}, HTXS, None, HD21),
    Row(
        "nghỉ thai sản: đánh giá theo thời gian công tác, không giới hạn",
        Y21,
        {"maternity_leave_days": 180},
        HTXS,
        None,
        HD21,
    ),
    Row(
        "công chức xếp HTT: tối đa HTT",
        Y21,
        {"civil_servant_level": HTT},
        HTT,
        "civil_servant_not_excellent",
        HD21,
    ),
    Row("công chức xếp HTXS: HTXS", Y21, {"civil_servant_level": HTXS}, HTXS, None, HD21),
    Row("công chức xếp KHT: KHT", Y21, {"civil_servant_level": KHT}, KHT, "civil_servant_not_done", HD21),
    Row(
        "kỷ luật khiển trách trong năm: KHT",
        Y21,
        {"disciplines": disc(REPRIMAND, d(2021, 3, 4))},
        KHT,
        "discipline",
        HD21,
    ),
    Row(
        "kỷ luật quyết định năm trước: tính vào năm trước",
        Y21,
        {"disciplines": disc(WARNING, d(2020, 12, 31))},
        HTXS,
        None,
        HD21,
    ),
    Row(
        "cùng kỷ luật ấy, năm quyết định: KHT",
        Period.year(2020),
        {"disciplines": disc(WARNING, d(2020, 12, 31))},
        KHT,
        "discipline",
        HD21,
    ),
    Row("hoàn thành 49% chỉ tiêu: KHT", Y21, {"tasks_done_share": 0.49}, KHT, "targets_below_half", HD21),
    Row(
        "hoàn thành đúng 50% chỉ tiêu: không KHT vì chỉ tiêu",
        Y21,
        {"tasks_done_share": 0.5},
        HTXS,
        None,
        HD21,
    ),
    Row("bị kết luận suy thoái: KHT", Y21, {"degradation_concluded": True}, KHT, "degradation", HD21),
    Row("miễn công tác và sinh hoạt đảng: không xếp loại", Y21, {"exempted": True}, None, "exempted", HD21),
    Row("đình chỉ sinh hoạt đảng: không xếp loại", Y21, {"suspended": True}, None, "suspended", HD21),
    Row(
        "chỉ đình chỉ sinh hoạt cấp ủy: vẫn xếp loại",
        Y21,
        {"suspended": True, "committee_suspension_only": True},
        HTXS,
        None,
        HD21,
    ),
    Row(
        "vào Đảng chưa đủ 6 tháng: không xếp loại",
        Y21,
        {"admitted_on": d(2021, 7, 1)},
        None,
        "admitted_recently",
        HD21,
    ),
    Row("vào Đảng đủ 6 tháng: xếp loại", Y21, {"admitted_on": d(2021, 6, 30)}, HTXS, None, HD21),
    Row(
        "nghỉ ốm và kỷ luật: KHT (cái chặt hơn)",
        Y22,
        {"sick_leave_days": 120, "disciplines": disc(REPRIMAND, d(2022, 5, 1))},
        KHT,
        "discipline",
        HD21,
    ),
    Row(
        "tập thể: thành viên lãnh đạo bị cảnh cáo: KHT",
        Y21,
        {"leadership_disciplines": disc(WARNING, d(2021, 9, 9))},
        KHT,
        "leadership_warning_or_heavier",
        HD21,
        organisation=True,
    ),
    Row(
        "tập thể: thành viên lãnh đạo bị khiển trách: không KHT",
        Y21,
        {"leadership_disciplines": disc(REPRIMAND, d(2021, 9, 9))},
        HTXS,
        None,
        HD21,
        organisation=True,
    ),
    Row(
        "tập thể thành lập chưa đủ 6 tháng: không xếp loại",
        Y22,
        {"founded_on": d(2022, 8, 1)},
        None,
        "formed_recently",
        HD21,
        organisation=True,
    ),
]

QD124_ROWS = [
    Row("mọi điều kiện đạt: HTXS", Y23, {}, HTXS, None, QD124),
    Row("năm cuối của bộ quy định (2024)", Y24, {}, HTXS, None, QD124),
    Row(
        "95% nhiệm vụ đúng tiến độ: tối đa HTT",
        Y23,
        {"tasks_on_time_share": 0.95},
        HTT,
        "targets_for_excellent",
        QD124,
    ),
    Row("49% vượt mức: tối đa HTT", Y23, {"tasks_exceeded_share": 0.49}, HTT, "targets_for_excellent", QD124),
    Row("đúng 50% vượt mức: HTXS", Y23, {"tasks_exceeded_share": 0.5}, HTXS, None, QD124),
    Row(
        "cá nhân: tiêu chí nhiệm vụ chỉ Tốt: tối đa HTT",
        Y23,
        {"task_grades": (TOT,)},
        HTT,
        "task_criteria_not_excellent",
        QD124_ART12,
    ),
    Row("cá nhân: tiêu chí Kém: KHT", Y23, {"other_grades": (KEM,)}, KHT, "criteria_poor", QD124_ART12),
    Row(
        "cá nhân: kỷ luật tự phát hiện, khắc phục: tối đa HTT",
        Y23,
        {"disciplines": disc(REPRIMAND, d(2023, 6, 1), self_detected=True)},
        HTT,
        "discipline",
        QD124_ART12,
    ),
    Row(
        "cá nhân: kỷ luật không tự phát hiện: KHT",
        Y23,
        {"disciplines": disc(REPRIMAND, d(2023, 6, 1))},
        KHT,
        "discipline_not_self_detected",
        QD124_ART12,
    ),
    Row(
        "kỷ luật quyết định tháng 12/2022: không tính vào 2023",
        Y23,
        {"disciplines": disc(WARNING, d(2022, 12, 20))},
        HTXS,
        None,
        QD124,
    ),
    Row(
        "người đứng đầu, đơn vị chỉ HT: tối đa HTT",
        Y24,
        {"is_leader": True, "led_units_levels": (HTXS, HT)},
        HTT,
        "led_unit_below",
        QD124,
    ),
    Row(
        "người đứng đầu, đơn vị HTT: HTXS",
        Y24,
        {"is_leader": True, "led_units_levels": (HTT,)},
        HTXS,
        None,
        QD124,
    ),
    Row("bị kết luận suy thoái: KHT", Y23, {"degradation_concluded": True}, KHT, "degradation", QD124),
    Row("miễn công tác và sinh hoạt đảng: không xếp loại", Y23, {"exempted": True}, None, "exempted", QD124),
    Row(
        "vào Đảng tháng 8: không xếp loại",
        Y24,
        {"admitted_on": d(2024, 8, 1)},
        None,
        "admitted_recently",
        QD124,
    ),
    Row("tập thể: mọi điều kiện đạt: HTXS", Y23, {}, HTXS, None, QD124_ART12, organisation=True),
    Row(
        "tập thể: tiêu chí nhiệm vụ Tốt: tối đa HTT",
        Y23,
        {"task_grades": (TOT,)},
        HTT,
        "task_criteria_not_excellent",
        QD124_ART12,
        organisation=True,
    ),
    Row(
        "tập thể: tiêu chí khác Trung bình: tối đa HTT",
        Y23,
        {"other_grades": (TB,)},
        HTT,
        "criteria_below_good",
        QD124_ART12,
        organisation=True,
    ),
    Row(
        "tập thể: tiêu chí Kém: KHT",
        Y23,
        {"other_grades": (KEM,)},
        KHT,
        "criteria_poor",
        QD124_ART12,
        organisation=True,
    ),
    Row(
        "tập thể: thành viên lãnh đạo bị kỷ luật: tối đa HTT",
        Y23,
        {"leadership_disciplines": disc(REPRIMAND, d(2023, 2, 2))},
        HTT,
        "discipline_in_collective",
        QD124_ART12,
        organisation=True,
    ),
    Row(
        "tập thể: tổ chức trực thuộc bị kỷ luật: tối đa HTT",
        Y24,
        {"subordinates_disciplined": 1},
        HTT,
        "discipline_in_collective",
        QD124_ART12,
        organisation=True,
    ),
    Row(
        "tập thể bị kỷ luật, tự phát hiện và khắc phục: tối đa HTT",
        Y24,
        {"disciplines": disc(REPRIMAND, d(2024, 4, 4), self_detected=True)},
        HTT,
        "discipline_in_collective",
        QD124_ART12,
        organisation=True,
    ),
    Row(
        "tập thể bị kỷ luật, không tự phát hiện: KHT",
        Y24,
        {"disciplines": disc(REPRIMAND, d(2024, 4, 4))},
        KHT,
        "discipline_not_self_detected",
        QD124_ART12,
        organisation=True,
    ),
    Row(
        "tập thể thành lập tháng 10: không xếp loại",
        Y23,
        {"founded_on": d(2023, 10, 1)},
        None,
        "formed_recently",
        QD124_ART12,
        organisation=True,
    ),
]

Q2, Q3 = Period.quarter(2025, 2), Period.quarter(2025, 3)

QD366_ROWS = [
    Row("95 điểm, mọi điều kiện đạt: HTXS", Y25, {}, HTXS, None, QD366),
    Row("đúng 90 điểm: HTXS", Y25, {"points": 90}, HTXS, None, QD366),
    Row("89,5 điểm: tối đa HTT", Y25, {"points": 89.5}, HTT, "points_below_90", QD366),
    Row("đúng 70 điểm: HTT", Y25, {"points": 70}, HTT, "points_below_90", QD366),
    Row("69 điểm: tối đa HT", Y25, {"points": 69}, HT, "points_below_70", QD366),
    Row("đúng 50 điểm: HT", Y25, {"points": 50}, HT, "points_below_70", QD366),
    Row("49 điểm: KHT", Y25, {"points": 49}, KHT, "points_below_50", QD366),
    Row(
        "90% nhiệm vụ đúng tiến độ: tối đa HT",
        Y25,
        {"tasks_on_time_share": 0.9},
        HT,
        "tasks_not_all_on_time",
        QD366,
    ),
    Row(
        "29% nhiệm vụ vượt yêu cầu: tối đa HTT",
        Y25,
        {"tasks_exceeded_share": 0.29},
        HTT,
        "tasks_exceeded_below_30",
        QD366,
    ),
    Row(
        "khắc phục 80% khuyết điểm: tối đa HTT",
        Y25,
        {"shortcomings_remedied_share": 0.8},
        HTT,
        "shortcomings_not_remedied",
        QD366,
    ),
    Row(
        "lãnh đạo, đơn vị chỉ HTT: tối đa HTT",
        Y25,
        {"is_leader": True, "led_units_levels": (HTT,)},
        HTT,
        "led_unit_below",
        QD366,
    ),
    Row(
        "lãnh đạo, đơn vị HTXS: HTXS",
        Y25,
        {"is_leader": True, "led_units_levels": (HTXS, HTXS)},
        HTXS,
        None,
        QD366,
    ),
    Row(
        "kỷ luật khiển trách trong năm: KHT",
        Y25,
        {"disciplines": disc(REPRIMAND, d(2025, 10, 1))},
        KHT,
        "discipline",
        NĐ335,
    ),
    Row(
        "vi phạm điều đảng viên không được làm: KHT",
        Y25,
        {"breached_prohibitions": True},
        KHT,
        "prohibitions",
        NĐ335,
    ),
    Row(
        "để xảy ra tham nhũng ở đơn vị mình lãnh đạo: KHT",
        Y25,
        {"is_leader": True, "corruption_in_led_unit": True},
        KHT,
        "corruption_in_led_unit",
        NĐ335,
    ),
    Row("bị kết luận suy thoái: KHT", Y25, {"degradation_concluded": True}, KHT, "degradation", NĐ335),
    Row(
        "quý III, kỷ luật quyết định trong quý II: không tính",
        Q3,
        {"disciplines": disc(REPRIMAND, d(2025, 6, 30))},
        HTXS,
        None,
        QD366,
    ),
    Row(
        "quý II, kỷ luật trong quý: KHT",
        Q2,
        {"disciplines": disc(REPRIMAND, d(2025, 6, 30))},
        KHT,
        "discipline",
        NĐ335,
    ),
    Row(
        "nhiệm kỳ 2025–2030, 85 điểm: HTT",
        Period.term(2025, 2030),
        {"points": 85},
        HTT,
        "points_below_90",
        QD366,
    ),
    Row("miễn công tác và sinh hoạt đảng: không xếp loại", Y25, {"exempted": True}, None, "exempted", QD366),
    Row(
        "vào Đảng tháng 9: không xếp loại",
        Y25,
        {"admitted_on": d(2025, 9, 1)},
        None,
        "admitted_recently",
        QD366,
    ),
    Row("tập thể: mọi điều kiện đạt: HTXS", Y25, {}, HTXS, None, QD366, organisation=True),
    Row(
        "tập thể: thành viên lãnh đạo bị kỷ luật: tối đa HTT",
        Y25,
        {"leadership_disciplines": disc(REPRIMAND, d(2025, 3, 3))},
        HTT,
        "discipline_in_collective",
        QD366,
        organisation=True,
    ),
    Row(
        "tập thể: 60 điểm, trễ hạn 10%: HT",
        Y25,
        {"points": 60, "tasks_late_share": 0.1},
        HT,
        "points_below_70",
        QD366,
        organisation=True,
    ),
    Row(
        "tập thể: trễ hạn 25%: KHT",
        Y25,
        {"points": 60, "tasks_late_share": 0.25},
        KHT,
        "collective_tasks_for_done",
        QD366,
        organisation=True,
    ),
    Row(
        "tập thể: hoàn thành 90% nhiệm vụ: KHT",
        Y25,
        {"tasks_done_share": 0.9},
        KHT,
        "collective_tasks_for_done",
        QD366,
        organisation=True,
    ),
]

TABLES = {"hd21": HD21_ROWS, "qd124": QD124_ROWS, "qd366": QD366_ROWS}
