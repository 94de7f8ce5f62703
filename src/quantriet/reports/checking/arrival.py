"""The check on arrival: every version not yet checked is compared with the index, then added to it.

Order of work, and why nothing is lost or counted twice:

1. under the index lock, check each pending version (oldest first) and add its text under "v<id>";
2. flush the index (the texts are on disk);
3. in one database transaction, store the findings and mark the versions checked.

A crash before 3 leaves the versions unchecked, so the next run does them again: the index then already
holds "v<id>", which ``CopyIndex.check`` never compares with itself and ``add`` of the same text leaves
as it is. It also holds the texts of the *other* versions of the failed batch, later in the batch than
some of them: a pair with a version not yet checked in the database is therefore left to that version's
own check (which finds it from its side), unless that version came earlier in this very batch — so a
redo finds each pair once, in the same direction as a run that never failed.

The database is the source of truth: a missing or unusable index is made again from it (``rebuild``)
before checking, under the same lock.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone

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


def add_library(opened: store.Opened) -> list[int]:
    """Add library texts not yet in the index; returns their ids (to be marked after the flush)."""
    pending = list(
        LibraryText.objects.filter(checked_at__isnull=True).order_by("pk").values_list("pk", "text")
    )
    for text_id, text in pending:
        opened.index.add(library_key(text_id), text, role="reference")
    return [text_id for text_id, _ in pending]


def check_pending(limit: int = BATCH) -> int:
    """Check up to ``limit`` versions waiting for it; returns how many were checked."""
    with store.locked(build=rebuild.build_into) as opened:
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
            key = version_key(version.pk)
            pairs = opened.index.check(key, version.text)
            opened.index.add(key, version.text)
            found.append((version, pairs))
        opened.flush()
        save_results(_once(found), library)
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


def save_results(done: list[Checked], library: list[int]) -> None:
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


def _summary(found: list[Finding]) -> str:
    if not found:
        return "0"
    return f"{len(found)}:{max(f.similarity for f in found):.2f}"
