"""The reference library (thư viện tham khảo): texts people copy from, kept by the organisers' staff.

A unit's shared library (``campaign`` empty) serves every campaign in its subtree; a campaign may keep
its own. A new text reaches the copy index with the next check run (``checked_at`` empty is what
``checking.arrival.add_library`` picks up), which is queued when the text is saved.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from quantriet.campaigns.models import Campaign
from quantriet.core.actors import Actor
from quantriet.orgs.models import Unit
from quantriet.orgs.services import record_audit
from quantriet.reports.models import LibraryText
from quantriet.reports.services.events import uid
from quantriet.text.measure import report_words

# A reference text longer than this is a book, not a text people copy a report from.
MAX_TEXT_CHARS = 400_000
MIN_WORDS = 20


def _queue_check() -> None:
    from quantriet.reports.checking.queue import queue_check  # the checker imports the services

    queue_check(0)


@transaction.atomic
def add_text(
    actor: Actor | None,
    *,
    unit: Unit,
    campaign: Campaign | None,
    title: str,
    origin: str = "",
    text: str,
    file_name: str = "",
) -> LibraryText:
    """Keep a reference text in ``unit``'s library (or ``campaign``'s own); raises ValidationError."""
    title = " ".join(title.split())
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Hãy ghi tên tài liệu.")]
    if not text:
        errors["text"] = [_("Tài liệu chưa có nội dung: hãy dán văn bản hoặc tải tệp lên.")]
    elif len(text) > MAX_TEXT_CHARS:
        errors["text"] = [
            _("Tài liệu quá dài (tối đa %(n)s ký tự); hãy chia thành nhiều phần.")
            % {"n": f"{MAX_TEXT_CHARS:,}".replace(",", ".")}
        ]
    elif report_words(text) < MIN_WORDS:
        errors["text"] = [_("Tài liệu quá ngắn để đối chiếu (cần ít nhất %(n)s chữ).") % {"n": MIN_WORDS}]
    if campaign is not None and campaign.organising_unit_id != unit.pk:
        errors["unit"] = [_("Thư viện của đợt học tập thuộc đơn vị tổ chức đợt.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        found = LibraryText.objects.create(
            unit=unit,
            campaign=campaign,
            title=title[:300],
            origin=origin.strip()[:500],
            file_name=file_name[:200],
            text=text,
            added_by_id=uid(actor),
        )
        where = campaign.title if campaign is not None else unit.name
        record_audit(
            actor,
            "reports.library_added",
            found,
            unit=unit,
            summary=_("Thêm tài liệu tham khảo “%(t)s” vào thư viện của %(w)s")
            % {"t": found.title, "w": where},
            changes={"title": [None, found.title], "origin": [None, found.origin]},
        )
        transaction.on_commit(_queue_check)
    return found


@transaction.atomic
def delete_text(actor: Actor | None, text: LibraryText) -> None:
    """Remove a reference text; its findings go with it (the index keeps an orphan key, never matched)."""
    with transaction.atomic():
        record_audit(
            actor,
            "reports.library_deleted",
            text,
            unit=text.unit,
            summary=_("Xóa tài liệu tham khảo “%(t)s”") % {"t": text.title},
            changes={"title": [text.title, None]},
        )
        text.delete()
