"""The cells' implementation plans in the finished demo campaign: real DOCX files, through the services.

Most plans are approved; one is returned with a comment (to the cell whose secretary has a demo
account, so that account sees what to rework); one came on the deadline and one after it, both
waiting for review; the rest are missing, and the commune reminds those cells today. The files are
small documents written here with invented content; they cite the campaign's documents, so
``submit_plan`` links the citations as it does for any upload.
"""

from __future__ import annotations

import datetime as dt
import io
import random

import docx
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.text import slugify

from quantriet.campaigns import selectors, services
from quantriet.campaigns.models import Campaign, ImplementationPlan
from quantriet.core.actors import Actor
from quantriet.core.cells import file_text
from quantriet.core.papers import party_page
from quantriet.documents.models import Document
from quantriet.orgs.models import Member, PositionKind, Role, RoleAssignment, Unit
from quantriet.text import fold

APPROVED, ON_TIME, LATE = "approved", "on_time", "late"
# After the returned plan, in a shuffled order of the other cells; cells beyond these have none.
OUTCOMES = (APPROVED,) * 6 + (ON_TIME, LATE)
RETURN_COMMENT = (
    "Kế hoạch chưa có nhiệm vụ xây dựng chương trình kiểm tra, giám sát của chi bộ theo {doc}. "
    "Đề nghị chi bộ bổ sung, ghi rõ người phụ trách, thời hạn và nộp lại."
)

Action = tuple[str, str, dt.date]


def load_plans(
    staff: Actor | None, campaign: Campaign, documents: list[Document], rng: random.Random
) -> None:
    """Submit and review as the cells and the commune did in the month after the conference; remind
    the cells still without a plan today."""
    units = list(selectors.plan_units(campaign))
    if not units:
        return
    returned = next((u for u in units if _account(u) is not None), units[0])
    others = [u for u in units if u.pk != returned.pk]
    rng.shuffle(others)
    outcomes = dict(zip((u.pk for u in others), OUTCOMES, strict=False))
    held, deadline = campaign.conference_date, campaign.plan_deadline
    numbers = iter(rng.sample(range(2, 2 + 3 * len(units)), len(units)))

    def submit(unit: Unit, moment: dt.datetime, *, thorough: bool = True) -> ImplementationPlan:
        return _submit(campaign, unit, documents, moment, next(numbers), thorough=thorough)

    plan = submit(returned, _at(deadline - dt.timedelta(days=3), 10, 5), thorough=False)
    comment = RETURN_COMMENT.format(doc=_short(documents[0]))
    _review(staff, plan, _at(deadline - dt.timedelta(days=1), 15, 20), comment=comment)
    for unit in others:
        outcome = outcomes.get(unit.pk)
        if outcome == APPROVED:
            day = held + dt.timedelta(days=rng.randint(5, 26))
            plan = submit(unit, _at(day, rng.randint(8, 16), rng.randint(0, 59)))
            later = dt.timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 3))
            _review(staff, plan, plan.submitted_at + later)
        elif outcome == ON_TIME:
            submit(unit, _at(deadline, 16, 40))
        elif outcome == LATE:
            submit(unit, _at(deadline + dt.timedelta(days=4), 9, 15))
    services.remind_units(staff, campaign, [u for u in others if u.pk not in outcomes])


def _account(unit: Unit) -> AbstractBaseUser | None:
    """The account of the unit's secretary, who submits its plan; None when they have none."""
    held = (
        RoleAssignment.objects.filter(unit=unit, role=Role.SECRETARY, revoked_at__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return held.user if held is not None else None


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _backdate(plan: ImplementationPlan, **moments: dt.datetime) -> None:
    """Set when the plan was submitted or reviewed.

    The services stamp the present moment on purpose: nobody chooses when their own plan arrived.
    The demo replays a month that ended weeks ago, and a plan's lateness and the board's dates come
    from these stamps; without this every plan would read as submitted today, a month late.
    """
    ImplementationPlan.objects.filter(pk=plan.pk).update(**moments)
    for name, moment in moments.items():
        setattr(plan, name, moment)


def _submit(
    campaign: Campaign,
    unit: Unit,
    documents: list[Document],
    submitted: dt.datetime,
    number: int,
    *,
    thorough: bool = False,
) -> ImplementationPlan:
    issued_on = max(campaign.conference_date, timezone.localdate(submitted) - dt.timedelta(days=1))
    actions = _actions(campaign, documents[0], thorough=thorough)
    plan = services.submit_plan(
        _account(unit),
        campaign,
        unit,
        symbol=f"{number:02d}-KH/CB",
        issued_on=issued_on,
        actions_text="\n".join(f"{what} | {who} | {when:%d/%m/%Y}" for what, who, when in actions),
        file_data=_plan_docx(unit, documents, actions, issued_on),
        file_name=f"ke-hoach-thuc-hien-{slugify(fold(unit.name))}.docx",
    )
    _backdate(plan, submitted_at=submitted)
    return plan


def _review(
    staff: Actor | None, plan: ImplementationPlan, reviewed: dt.datetime, *, comment: str = ""
) -> None:
    services.review_plan(staff, plan, approve=not comment, comment=comment)
    _backdate(plan, reviewed_at=reviewed)


def _short(document: Document) -> str:
    return f"{document.doc_type} số {document.symbol}"


def _phrase(document: Document) -> str:
    """How a plan names a document: "Quy định số 22-QĐ/TW về công tác kiểm tra, …"."""
    subject = document.subject.strip()
    if not subject:
        return _short(document)
    subject = subject[0].lower() + subject[1:]
    return f"{_short(document)} {subject if subject.startswith('về ') else 'về ' + subject}"


def _actions(campaign: Campaign, regulation: Document, *, thorough: bool) -> list[Action]:
    """The plan's actions; a plan that is not thorough forgets the cell's own inspection programme."""
    held, report = campaign.conference_date, campaign.report_deadline
    actions: list[Action] = [
        (
            f"Quán triệt {_short(regulation)} trong sinh hoạt chi bộ thường kỳ",
            "Bí thư chi bộ",
            held + dt.timedelta(days=15),
        ),
        (
            "Đảng viên tự liên hệ, kiểm điểm và đăng ký nội dung tự sửa chữa",
            "Toàn thể đảng viên",
            held + dt.timedelta(days=40),
        ),
        (
            f"Xây dựng chương trình kiểm tra, giám sát của chi bộ năm {report.year + 1}",
            "Chi ủy",
            report - dt.timedelta(days=20),
        ),
        ("Báo cáo kết quả thực hiện về Đảng ủy xã", "Bí thư chi bộ", report),
    ]
    return actions if thorough else [a for a in actions if not a[0].startswith("Xây dựng chương trình")]


def _plan_docx(unit: Unit, documents: list[Document], actions: list[Action], issued_on: dt.date) -> bytes:
    """A cell's plan as a short DOCX, laid out as party offices write one (headings, body, signature).

    Its own number is left out of the text: a symbol the registry does not hold would become a
    placeholder entry when the citations are scanned.
    """
    commune = unit.parent
    above = commune.name if commune is not None else ""
    place = above.split(" ", 3)[-1] if above.count(" ") >= 3 else above
    secretary = (
        Member.objects.filter(
            positions__unit=unit, positions__kind=PositionKind.SECRETARY, positions__end__isnull=True
        )
        .order_by("pk")
        .first()
    )
    regulation, *others = documents
    file = docx.Document()
    party_page(file)
    for line in (
        above.upper(),
        unit.name.upper(),
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        f"{place}, ngày {issued_on.day} tháng {issued_on.month} năm {issued_on.year}",
    ):
        file.add_paragraph(file_text(line))
    file.add_heading("KẾ HOẠCH", level=1)
    file.add_paragraph(file_text(f"Thực hiện {_phrase(regulation)}"))
    grounds = " và ".join(_phrase(d) for d in others)
    file.add_paragraph(
        file_text(
            f"Thực hiện {grounds + ', ' if grounds else ''}theo chỉ đạo của Đảng ủy xã, {unit.name} xây dựng "
            "kế hoạch thực hiện như sau:"
        )
    )
    file.add_heading("I. MỤC ĐÍCH, YÊU CẦU", level=2)
    file.add_paragraph(
        file_text(
            f"1. Mỗi đảng viên nắm vững nội dung {_short(regulation)}, nhất là trách nhiệm tự kiểm tra, tự "
            "giám sát của chi bộ và của từng đảng viên."
        )
    )
    file.add_paragraph("2. Việc thực hiện gắn với sinh hoạt chi bộ thường kỳ, thiết thực, tránh hình thức.")
    file.add_heading("II. NHIỆM VỤ CỤ THỂ", level=2)
    table = file.add_table(rows=1, cols=4)
    for cell, title in zip(table.rows[0].cells, ("TT", "Nội dung", "Phụ trách", "Thời hạn"), strict=True):
        cell.text = title
    for n, (what, who, when) in enumerate(actions, start=1):
        for cell, value in zip(table.add_row().cells, (str(n), what, who, f"{when:%d/%m/%Y}"), strict=True):
            cell.text = value
    file.add_heading("III. TỔ CHỨC THỰC HIỆN", level=2)
    file.add_paragraph(
        "Chi ủy phân công đảng viên theo dõi, đôn đốc việc thực hiện; báo cáo kết quả về Đảng ủy xã theo "
        "thời hạn trên."
    )
    for line in ("T/M CHI BỘ", "BÍ THƯ", secretary.full_name if secretary is not None else ""):
        file.add_paragraph(file_text(line))
    buffer = io.BytesIO()
    file.save(buffer)
    return buffer.getvalue()
