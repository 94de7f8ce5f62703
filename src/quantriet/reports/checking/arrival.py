"""The check on arrival: every version not yet checked is compared with the index, then added to it.

Order of work, and why nothing is lost or counted twice:

1. under the index lock, check each pending version (oldest first) and add its text under "v<id>";
2. flush the index (the texts are on disk);
3. in one database transaction, store the findings and mark the versions checked.

A crash before 3 leaves the versions unchecked, so the next run does them again: the index then already
holds "v<id>", which ``CopyIndex.check`` never compares with itself and ``add`` of the same text leaves
as it is. The database is the source of truth; ``rebuild`` makes the index again from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest, Length
from django.utils import timezone

from quantriet.copycheck import Pair
from quantriet.orgs.models import UnitLink
from quantriet.reports.checking import store
from quantriet.reports.models import (
    EventKind,
    Finding,
    FindingKind,
    LearningReport,
    LibraryText,
    ReportEvent,
    ReportVersion,
    Requirement,
)

BATCH = 200


def version_key(version_id: int) -> str:
    return f"v{version_id}"


def library_key(text_id: int) -> str:
    return f"l{text_id}"


def base_texts(campaign_ids: Iterable[int]) -> list[str]:
    """Texts everyone in these campaigns may quote: the documents studied and the organisers' guidance."""
    from quantriet.campaigns.models import Campaign

    texts: list[str] = []
    campaigns = Campaign.objects.filter(pk__in=set(campaign_ids)).prefetch_related("documents")
    for campaign in campaigns:
        for document in campaign.documents.all():
            texts.extend(t for t in (document.body, document.file_text) if t)
    texts.extend(
        Requirement.objects.filter(campaign_id__in=set(campaign_ids))
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


@dataclass(frozen=True)
class Checked:
    version: ReportVersion
    pairs: list[Pair]


def check_pending(limit: int = BATCH) -> int:
    """Check up to ``limit`` versions waiting for it; returns how many were checked."""
    with store.locked() as opened:
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
        done: list[Checked] = []
        for version in versions:
            key = version_key(version.pk)
            pairs = opened.index.check(key, version.text)
            opened.index.add(key, version.text)
            done.append(Checked(version, pairs))
        opened.flush()
        save_results(done, library)
    return len(versions)


def check_all_pending() -> int:
    total = 0
    while True:
        count = check_pending()
        total += count
        if count == 0:
            return total


# --- turning pairs into findings ------------------------------------------------------------------


def _covered(passages: Sequence[Sequence[int]], side: int) -> int:
    return sum(p[side + 1] - p[side] for p in passages)


def _parse(key: str) -> tuple[str, int] | None:
    if len(key) > 1 and key[0] in "vl" and key[1:].isdigit():
        return key[0], int(key[1:])
    return None


@dataclass(frozen=True)
class _Other:
    version_id: int
    report_id: int
    campaign_id: int
    member_id: int
    chars: int


def _shared_documents(campaign_ids: set[int]) -> dict[int, set[int]]:
    from quantriet.campaigns.models import Campaign

    through = Campaign.documents.through
    found: dict[int, set[int]] = {c: set() for c in campaign_ids}
    for campaign_id, document_id in through.objects.filter(campaign_id__in=campaign_ids).values_list(
        "campaign_id", "document_id"
    ):
        found[campaign_id].add(document_id)
    return found


def findings_for(done: list[Checked]) -> list[Finding]:
    """The findings worth a reviewer's eyes, by kind; pairs with unrelated texts are left out."""
    wanted_versions: set[int] = set()
    wanted_library: set[int] = set()
    for item in done:
        for pair in item.pairs:
            parsed = _parse(pair.b)
            if parsed is None:
                continue
            (wanted_versions if parsed[0] == "v" else wanted_library).add(parsed[1])
    others = {
        row["pk"]: _Other(
            row["pk"], row["report_id"], row["report__campaign_id"], row["report__member_id"], row["chars"]
        )
        for row in ReportVersion.objects.filter(pk__in=wanted_versions)
        .annotate(chars=Length("text"))
        .values("pk", "report_id", "report__campaign_id", "report__member_id", "chars")
    }
    library = {
        row["pk"]: row
        for row in LibraryText.objects.filter(pk__in=wanted_library)
        .annotate(chars=Length("text"))
        .values("pk", "campaign_id", "unit_id", "chars")
    }
    campaigns = {item.version.report.campaign_id for item in done} | {o.campaign_id for o in others.values()}
    documents = _shared_documents(campaigns)
    above: dict[int, set[int]] = {}
    for descendant, ancestor in UnitLink.objects.filter(
        descendant_id__in={item.version.report.unit_id for item in done}
    ).values_list("descendant_id", "ancestor_id"):
        above.setdefault(descendant, set()).add(ancestor)

    found: list[Finding] = []
    for item in done:
        report = item.version.report
        best: dict[tuple[str, int], Finding] = {}
        for pair in item.pairs:
            parsed = _parse(pair.b)
            if parsed is None:
                continue
            passages = [[p.a_start, p.a_end, p.b_start, p.b_end] for p in pair.passages]
            if parsed[0] == "v":
                other = others.get(parsed[1])
                if other is None or other.report_id == report.pk:
                    continue  # a text no longer in the database, or this report's own earlier version
                if other.campaign_id == report.campaign_id:
                    kind = FindingKind.PEER
                elif other.member_id == report.member_id:
                    kind = FindingKind.RECYCLED
                elif documents.get(other.campaign_id, set()) & documents.get(report.campaign_id, set()):
                    kind = FindingKind.EARLIER
                else:
                    continue  # a report on other documents: not what this campaign asked about
                finding = Finding(
                    version=item.version,
                    report=report,
                    kind=kind,
                    other_version_id=other.version_id,
                    other_report_id=other.report_id,
                    similarity=pair.similarity,
                    other_similarity=min(1.0, _covered(passages, 2) / max(other.chars, 1)),
                    passages=passages,
                )
                group = ("r", other.report_id)  # one finding per other report: its best version
            else:
                text = library.get(parsed[1])
                if text is None:
                    continue
                in_reach = text["campaign_id"] == report.campaign_id or (
                    text["campaign_id"] is None and text["unit_id"] in above.get(report.unit_id, set())
                )
                if not in_reach:
                    continue
                finding = Finding(
                    version=item.version,
                    report=report,
                    kind=FindingKind.REFERENCE,
                    library_text_id=text["pk"],
                    similarity=pair.similarity,
                    other_similarity=min(1.0, _covered(passages, 2) / max(text["chars"], 1)),
                    passages=passages,
                )
                group = ("l", text["pk"])
            kept = best.get(group)
            if kept is None or finding.similarity > kept.similarity:
                best[group] = finding
        found.extend(best.values())
    return found


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
