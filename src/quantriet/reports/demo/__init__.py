"""The demo's learning reports: the commune's campaign on Quy định 22-QĐ/TW has reports in every state.

* Most members of Đảng ủy xã Bến Đò have handed in; the rest are missing, among them the demo member
  ``dangvien``, who can write and submit.
* Reviewers passed some (with marks), returned some for rewriting, and left the rest in the queue.
* A copy ring: four members of different cells handed in the same report, lightly edited. Cases about
  it are at every step: waiting for the member's explanation, waiting for the province's decision, decided.
* Two members of ``bithu.chibo``'s own cell handed in near-identical texts, not yet looked at: the
  secretary finds the pair at the top of the queue.
* A member reused their own report of last year's campaign on the same regulation ("bài cũ của chính mình"),
  and another copied the province library's sample report.
* One member copied another's report with each part's sentences put in another order: the evidence lists
  which sentence matches which.

Everything goes through the services, and the copy check runs as it does for real (against the copy
index under the demo's data directory). Loading twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from decimal import Decimal
from typing import Any

from django.utils import timezone

from quantriet.campaigns import services as campaign_services
from quantriet.campaigns.models import Campaign
from quantriet.orgs.models import Member, Role, RoleAssignment, Unit
from quantriet.reports.checking import store
from quantriet.reports.checking.arrival import check_all_pending
from quantriet.reports.demo.texts import copied_from, report_text, shuffled_from
from quantriet.reports.models import ALL_FORMATS, Finding, FindingKind, LearningReport
from quantriet.reports.services import library, reviewing
from quantriet.reports.services.requirements import RequirementFields, save_requirement
from quantriet.reports.services.submitting import Handed, submit

GUIDANCE = (
    "Những nội dung cơ bản, điểm mới của Quy định",
    "Liên hệ với bản thân và thực tiễn nơi công tác, cư trú",
    "Giải pháp, cam kết thực hiện của bản thân",
)
EARLIER_TITLE = "Học tập chuyên đề năm 2025: thực hiện Quy định số 22-QĐ/TW tại chi bộ"
SEED = 1022
SUBMITTED_SHARE = 0.7


def _user_of(unit: Unit, role: str) -> Any:
    held = RoleAssignment.objects.filter(unit=unit, role=role, revoked_at__isnull=True).select_related("user")
    found = held.order_by("pk").first()
    return found.user if found is not None else None


def _fields(deadline: dt.date, **extra: Any) -> RequirementFields:
    values: dict[str, Any] = {
        "writers": "audience",
        "categories": [],
        "deadline": deadline,
        "guidance": "\n".join(GUIDANCE),
        "min_words": 200,
        "max_words": 4000,
        "formats": list(ALL_FORMATS),
        "late_policy": "mark",
        "answer_days": 7,
    }
    values.update(extra)
    return RequirementFields(**values)


def load_demo_reports(province: Unit, commune: Unit, cell: Unit, finished: Campaign | None) -> None:
    """Give the finished commune campaign its reports (once)."""
    if finished is None or LearningReport.objects.filter(campaign=finished).exists():
        return
    # A new demo database starts a new copy index: the index is derived from this database alone.
    store.forget()
    shutil.rmtree(store.index_dir(), ignore_errors=True)
    rng = random.Random(SEED)
    province_staff = _user_of(province, Role.ORGANISATION)
    commune_staff = _user_of(commune, Role.ORGANISATION)
    secretary = _user_of(cell, Role.SECRETARY)
    headings = list(GUIDANCE)

    sample = report_text(SEED - 1, headings)
    library.add_text(
        province_staff,
        unit=province,
        campaign=None,
        title="Bài thu hoạch mẫu đăng trên trang thông tin điện tử (tư liệu tham khảo)",
        origin="Trang thông tin điện tử của một cơ quan báo chí (tư liệu do Ban Tuyên giáo sưu tầm)",
        text=sample,
    )
    earlier_texts = _earlier_campaign(commune, finished, headings, commune_staff)

    save_requirement(commune_staff, finished, _fields(timezone.localdate() + dt.timedelta(days=10)))
    reports = list(
        LearningReport.objects.filter(campaign=finished).select_related("member__user", "unit").order_by("pk")
    )
    demo_member = Member.objects.filter(user__username="dangvien").first()
    secretary_member = Member.objects.filter(user__username="bithu.chibo").first()
    writers = [r for r in reports if demo_member is None or r.member_id != demo_member.pk]
    rng.shuffle(writers)

    # The copy ring: one source and three copies, in four different cells.
    ring: list[LearningReport] = []
    for report in writers:
        if report.unit_id not in {r.unit_id for r in ring} and report.unit_id != cell.pk:
            ring.append(report)
        if len(ring) == 4:
            break
    # The pair in the secretary's own cell.
    own_cell = [
        r
        for r in writers
        if r.unit_id == cell.pk and (secretary_member is None or r.member_id != secretary_member.pk)
    ][:2]
    special = {r.pk for r in ring + own_cell}
    others = [r for r in writers if r.pk not in special]
    recycler = next((r for r in others if r.member_id in earlier_texts), None)
    library_copier = next(r for r in others if r is not recycler)
    shuffle_source, shuffler = [r for r in others if r not in (recycler, library_copier)][:2]
    plain = [r for r in others if r not in (recycler, library_copier, shuffle_source, shuffler)]
    handing_in = plain[: int(len(plain) * SUBMITTED_SHARE)]

    source_text = report_text(rng.randrange(10**9), headings)
    submit(_writer(ring[0]), ring[0], Handed(source_text))
    for number, copy in enumerate(ring[1:], start=1):
        submit(_writer(copy), copy, Handed(copied_from(source_text, number)))
    if len(own_cell) == 2:
        pair_text = report_text(rng.randrange(10**9), headings)
        submit(_writer(own_cell[0]), own_cell[0], Handed(pair_text))
        submit(_writer(own_cell[1]), own_cell[1], Handed(copied_from(pair_text, 99)))
    if recycler is not None:
        submit(_writer(recycler), recycler, Handed(earlier_texts[recycler.member_id]))
    submit(_writer(library_copier), library_copier, Handed(copied_from(sample, 7)))
    shuffled_text = report_text(rng.randrange(10**9), headings, sentences_per_part=8)
    submit(_writer(shuffle_source), shuffle_source, Handed(shuffled_text))
    submit(_writer(shuffler), shuffler, Handed(shuffled_from(shuffled_text, 11)))
    for report in handing_in:
        submit(
            _writer(report),
            report,
            Handed(
                report_text(rng.randrange(10**9), headings),
                source="upload",
                file_kind="docx",
                file_name="bai-thu-hoach.docx",
            ),
        )
    check_all_pending()

    # Reviews: the commune's staff pass most innocent reports, return a few; the secretary passes in his cell.
    for index, report in enumerate(handing_in):
        report.refresh_from_db()
        reviewer = secretary if report.unit_id == cell.pk else commune_staff
        if index % 7 == 3:
            reviewing.return_report(
                reviewer,
                report,
                comment="Phần liên hệ bản thân còn chung chung; đề nghị nêu việc làm cụ thể ở nơi cư trú.",
                rewrite_by=timezone.localdate() + dt.timedelta(days=7),
            )
        elif index % 3 != 2:
            mark = ["7", "8", "8.5", "9"][index % 4]
            reviewing.pass_report(reviewer, report, comment="Bài viết đạt yêu cầu.", mark=Decimal(mark))
    _ring_cases(ring, province_staff, commune_staff)


def _writer(report: LearningReport) -> Any:
    return report.member.user  # None for members without an account: the check is the same


def _ring_cases(ring: list[LearningReport], province_staff: Any, commune_staff: Any) -> None:
    """The copies of the ring at the three steps of a case; the source stays in the queue."""
    if len(ring) < 4:
        return
    steps = []
    for copy in ring[1:]:
        copy.refresh_from_db()
        findings = list(Finding.objects.filter(report=copy, kind=FindingKind.PEER))
        if not findings:
            continue
        steps.append(
            reviewing.open_case(
                commune_staff,
                copy,
                reason="Bài trùng gần như toàn bộ với bài của một đảng viên khác trong xã.",
                findings=findings,
            )
        )
    if len(steps) >= 2:
        reviewing.answer_case(
            None, steps[1], answer="Tôi có mượn bài của đồng chí khác để tham khảo và đã chép lại nhiều đoạn."
        )
        if len(steps) >= 3:
            decided_case = reviewing.answer_case(
                None, steps[2], answer="Tôi tự viết, chỉ tham khảo tài liệu chung của chi bộ."
            )
            reviewing.decide_case(
                province_staff,
                decided_case,
                decision="copied",
                note="Các đoạn trùng dài, cùng thứ tự, không thể do tham khảo chung; yêu cầu viết lại.",
            )


def _earlier_campaign(commune: Unit, finished: Campaign, headings: list[str], staff: Any) -> dict[int, str]:
    """Last year's campaign on the same regulation, with a dozen reports handed in and passed."""
    documents = list(finished.documents.all())
    held = timezone.localdate() - dt.timedelta(days=365)
    earlier = campaign_services.create_campaign(
        staff,
        title=EARLIER_TITLE,
        organising_unit=commune,
        scope_unit=commune,
        audience="key_cadres",
        categories=[],
        documents=documents,
        conference_date=held,
        plan_deadline=held + dt.timedelta(days=15),
        report_deadline=held + dt.timedelta(days=30),
    )
    save_requirement(staff, earlier, _fields(timezone.localdate() + dt.timedelta(days=1)))
    texts: dict[int, str] = {}
    rng = random.Random(SEED + 1)
    rows = list(
        LearningReport.objects.filter(campaign=earlier).select_related("member__user").order_by("pk")[:12]
    )
    for number, report in enumerate(rows):
        if number == len(rows) - 3:
            # The deadline passed long ago (the campaign is last year's); the last three came in late.
            save_requirement(staff, earlier, _fields(held + dt.timedelta(days=30)))
        text = report_text(rng.randrange(10**9), headings)
        submit(_writer(report), report, Handed(text))
        texts[report.member_id] = text
    check_all_pending()
    for report in rows:
        report.refresh_from_db()
        reviewing.pass_report(staff, report, comment="Đạt.")
    return texts


__all__ = ["load_demo_reports"]
