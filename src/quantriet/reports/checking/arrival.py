"""The check on arrival: every version not yet checked is compared with the index, then added to it.

Order of work, and why nothing is lost or counted twice:

1. under the index lock, catch up with what other processes checked (``catch_up``), then check each
   pending version (oldest first) and add its text under "v<id>" — in this process's memory;
2. in one database transaction, store the findings and mark the versions checked;
3. write the index to disk when it is due (``store.FLUSH_DOCS``, ``store.FLUSH_SECONDS``).

A failure before the commit of 2 drops the in-memory index (``store.locked``) and leaves the versions
unchecked, so the next run does them again from the disk's state. A crash after it loses only what the
disk had not been given yet, and ``catch_up`` adds exactly that back from the database on the next lock,
without checking it again. Should the disk ever hold a version still unchecked in the database (an index
written by an older release before its commit), ``CopyIndex.check`` never compares "v<id>" with itself,
and a pair with a version not yet checked in the database is left to that version's own check (which
finds it from its side), unless that version came earlier in this very batch — so each pair is found
once, in the same direction as a run that never failed.

The database is the source of truth: a missing or unusable index is made again from it (``rebuild``)
before checking, under the same lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from quantriet.copycheck import Pair
from quantriet.reports.checking import rebuild, store
from quantriet.reports.checking.findings import (
    Checked,
    findings_for,
    library_key,
    parse_key,
    version_key,
)
from quantriet.reports.models import (
    EventKind,
    Finding,
    LearningReport,
    LibraryText,
    ReportEvent,
    ReportVersion,
    Requirement,
)

__all__ = [
    "BATCH",
    "Checked",
    "base_texts",
    "check_all_pending",
    "check_pending",
    "findings_for",
    "library_key",
    "save_results",
    "version_key",
]

BATCH = 200


def base_texts(campaign_ids: Iterable[int]) -> list[str]:
    """Texts everyone in these campaigns may quote: the documents studied and the organisers' guidance."""
    from quantriet.campaigns.models import Campaign

    wanted = set(campaign_ids)
    texts: list[str] = []
    campaigns = Campaign.objects.filter(pk__in=wanted).prefetch_related("documents")
    for campaign in campaigns:
        for document in campaign.documents.all():
            texts.extend(t for t in (document.body, document.file_text) if t)
    texts.extend(
        Requirement.objects.filter(campaign_id__in=wanted)
        .exclude(guidance="")
        .values_list("guidance", flat=True)
    )
    return texts


# Checks are committed one after another under the lock, so ``checked_at`` grows with commit order;
# the margin covers clocks of several worker machines that disagree a little.
CATCH_UP_MARGIN = dt.timedelta(minutes=2)
CHUNK = 500


def catch_up(opened: store.Opened) -> int:
    """Add every version and library text checked since the index's watermark and missing from it."""
    added = 0
    newest = opened.watermark
    sources: list[tuple[type[ReportVersion] | type[LibraryText], str]] = [
        (LibraryText, "reference"),
        (ReportVersion, "cohort"),
    ]
    for model, role in sources:
        rows = model.objects.filter(checked_at__isnull=False)
        if opened.watermark is not None:
            rows = rows.filter(checked_at__gte=opened.watermark - CATCH_UP_MARGIN)
        # A library text's key is made from its text (library texts are few); a version's from its digest.
        tagged = "text" if model is LibraryText else "digest"
        missing: list[int] = []
        for pk, checked_at, tag_source in rows.order_by("pk").values_list("pk", "checked_at", tagged):
            if checked_at is not None and (newest is None or checked_at > newest):
                newest = checked_at
            key = library_key(pk, tag_source) if model is LibraryText else version_key(pk, tag_source)
            if key not in opened.index:
                missing.append(pk)
        for start in range(0, len(missing), CHUNK):
            texts = model.objects.filter(pk__in=missing[start : start + CHUNK]).order_by("pk")
            for pk, text, tag_source in texts.values_list("pk", "text", tagged):
                key = library_key(pk, text) if model is LibraryText else version_key(pk, tag_source)
                added += opened.add(key, text, role=role)
    opened.advance(newest)
    return added


def add_library(opened: store.Opened) -> list[int]:
    """Add library texts not yet checked into the index; returns their ids (to be marked checked)."""
    pending = list(
        LibraryText.objects.filter(checked_at__isnull=True).order_by("pk").values_list("pk", "text")
    )
    for text_id, text in pending:
        opened.add(library_key(text_id, text), text, role="reference")
    return [text_id for text_id, _ in pending]


def check_pending(limit: int = BATCH) -> int:
    """Check up to ``limit`` versions waiting for it; returns how many were checked."""
    with store.locked(build=rebuild.build_into, catch_up=catch_up) as opened:
        versions = list(
            ReportVersion.objects.filter(checked_at__isnull=True)
            .select_related("report")
            .order_by("pk")[:limit]
        )
        library = add_library(opened)
        if not versions and not library:
            return 0
        for text in base_texts(v.report.campaign_id for v in versions):
            opened.add_base(text)
        found: list[tuple[ReportVersion, list[Pair]]] = []
        for version in versions:
            key = version_key(version.pk, version.digest)
            pairs = opened.index.check(key, version.text)
            opened.add(key, version.text)
            found.append((version, pairs))
        opened.advance(save_results(_once(found), library))
        opened.flush_if_due()
    return len(versions)


def _once(found: list[tuple[ReportVersion, list[Pair]]]) -> list[Checked]:
    """The batch's pairs without those with a version whose own check is still to come (see above)."""
    named = {
        parsed[1]
        for _, pairs in found
        for pair in pairs
        if (parsed := parse_key(pair.b)) is not None and parsed[0] == "v"
    }
    position = {version.pk: k for k, (version, _) in enumerate(found)}
    unchecked = (
        set(
            ReportVersion.objects.filter(pk__in=named - position.keys(), checked_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
        if named - position.keys()
        else set()
    )
    # A pair already stored (by a cohort re-check, in either direction) is not found a second time.
    stored: set[frozenset[int]] = set()
    if named:
        batch = position.keys()
        stored = {
            frozenset(row)
            for row in Finding.objects.filter(
                Q(version_id__in=batch, other_version_id__in=named)
                | Q(version_id__in=named, other_version_id__in=batch)
            ).values_list("version_id", "other_version_id")
        }
    done: list[Checked] = []
    for k, (version, pairs) in enumerate(found):
        kept = []
        for pair in pairs:
            parsed = parse_key(pair.b)
            if parsed is not None and parsed[0] == "v":
                other = parsed[1]
                if other in unchecked or position.get(other, -1) > k or {version.pk, other} in stored:
                    continue
            kept.append(pair)
        done.append(Checked(version, kept))
    return done


def check_all_pending() -> int:
    total = 0
    while True:
        count = check_pending()
        total += count
        if count == 0:
            return total


def save_results(done: list[Checked], library: list[int]) -> dt.datetime:
    """Store the findings and mark the versions and library texts checked; returns the time marked."""
    findings = findings_for(done)
    now = timezone.now()
    by_version: dict[int, list[Finding]] = {}
    for finding in findings:
        by_version.setdefault(finding.version.pk, []).append(finding)
    with transaction.atomic():
        Finding.objects.bulk_create(findings, ignore_conflicts=True)
        ReportVersion.objects.filter(pk__in=[item.version.pk for item in done]).update(checked_at=now)
        LibraryText.objects.filter(pk__in=library).update(checked_at=now)
        events: list[ReportEvent] = []
        for item in done:
            report = item.version.report
            own = by_version.get(item.version.pk, [])
            top = max((f.similarity for f in own), default=0.0)
            # Only the report's current version decides its state; an older one was superseded meanwhile.
            updated = LearningReport.objects.filter(pk=report.pk, current_id=item.version.pk).update(
                check_state="done",
                similarity=Greatest(F("similarity"), top),
                findings_count=F("findings_count") + len(own),
            )
            if updated:
                events.append(ReportEvent(report_id=report.pk, kind=EventKind.CHECKED, note=_summary(own)))
            # The earlier report of a pair is as concerned as the later one: a copy made of it counts.
            for finding in own:
                if finding.other_report_id is not None:
                    LearningReport.objects.filter(
                        Q(pk=finding.other_report_id), Q(current_id=finding.other_version_id)
                    ).update(
                        similarity=Greatest(F("similarity"), finding.other_similarity),
                        findings_count=F("findings_count") + 1,
                    )
        ReportEvent.objects.bulk_create(events)
    return now


def _summary(found: list[Finding]) -> str:
    """The history's line, read by the member and reviewers (stored in the site's language)."""
    if not found:
        return gettext("Không thấy đoạn nào trùng với bài khác hay tài liệu tham khảo.")
    top = round(100 * max(f.similarity for f in found))
    return ngettext(
        "%(n)s kết quả trùng lặp; cao nhất %(p)s%% bài.",
        "%(n)s kết quả trùng lặp; cao nhất %(p)s%% bài.",
        len(found),
    ) % {"n": len(found), "p": top}
