"""Turning the engine's pairs into findings: the one place that says which pairs a reviewer should see.

Both ways of checking use it: the check on arrival (each new version against the index) and the
whole-cohort re-check (``cohort``). A pair's ``a`` is a report version ("v<id>"), its ``b`` another
version or a library text ("l<id>"). Kept, by kind:

* PEER      — another report of the same campaign;
* RECYCLED  — the same member's report of another campaign;
* EARLIER   — another member's report of another campaign on at least one of the same documents;
* REFERENCE — a library text of the campaign, or of a unit's shared library above the report's unit.

Anything else (a report on other documents, a library out of reach, this report's own earlier version,
a text no longer in the database) is left out; per report only the best pair with each other report or
library text is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models.functions import Length

from quantriet.copycheck import Pair
from quantriet.orgs.models import UnitLink
from quantriet.reports.models import Finding, FindingKind, LibraryText, ReportVersion
from quantriet.text.measure import text_digest

# A key carries a tag of its text (the first hex digits of its digest) beside the row's id: should the
# index ever outlive its database (a restored backup, a test database rolled back), an id reused for
# another text no longer names the old one, and a pair with it is dropped rather than shown as evidence.
TAG = 16


def version_key(version_id: int, digest: str) -> str:
    return f"v{version_id}.{digest[:TAG]}"


def library_key(text_id: int, text: str) -> str:
    return f"l{text_id}.{text_digest(text)[:TAG]}"


def parse_key(key: str) -> tuple[str, int, str] | None:
    """("v", version id, tag) or ("l", library text id, tag); None for a key naming no row (base text)."""
    head, _, tag = key.partition(".")
    if len(head) > 1 and head[0] in "vl" and head[1:].isdigit() and len(tag) == TAG:
        return head[0], int(head[1:]), tag
    return None


@dataclass(frozen=True)
class Checked:
    """A version (with its ``report`` loaded) and the pairs found with it as ``a``."""

    version: ReportVersion
    pairs: list[Pair]


def _covered(passages: Sequence[Sequence[int]], side: int) -> int:
    return sum(p[side + 1] - p[side] for p in passages)


@dataclass(frozen=True)
class _Other:
    version_id: int
    report_id: int
    campaign_id: int
    member_id: int
    chars: int
    tag: str


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
    """The findings worth a reviewer's eyes, by kind (unsaved); pairs with unrelated texts are left out."""
    wanted_versions: set[int] = set()
    wanted_library: set[int] = set()
    for item in done:
        for pair in item.pairs:
            parsed = parse_key(pair.b)
            if parsed is None:
                continue
            (wanted_versions if parsed[0] == "v" else wanted_library).add(parsed[1])
    if not wanted_versions and not wanted_library:
        return []
    others = {
        row["pk"]: _Other(
            row["pk"],
            row["report_id"],
            row["report__campaign_id"],
            row["report__member_id"],
            row["chars"],
            row["digest"][:TAG],
        )
        for row in ReportVersion.objects.filter(pk__in=wanted_versions)
        .annotate(chars=Length("text"))
        .values("pk", "report_id", "report__campaign_id", "report__member_id", "chars", "digest")
    }
    library = {
        row["pk"]: {**row, "tag": text_digest(row.pop("text"))[:TAG]}
        for row in LibraryText.objects.filter(pk__in=wanted_library)
        .annotate(chars=Length("text"))
        .values("pk", "campaign_id", "unit_id", "chars", "text")
    }
    campaigns = {item.version.report.campaign_id for item in done} | {o.campaign_id for o in others.values()}
    documents = _shared_documents(campaigns)
    above: dict[int, set[int]] = {}
    if library:
        for descendant, ancestor in UnitLink.objects.filter(
            descendant_id__in={item.version.report.unit_id for item in done}
        ).values_list("descendant_id", "ancestor_id"):
            above.setdefault(descendant, set()).add(ancestor)

    found: list[Finding] = []
    for item in done:
        report = item.version.report
        best: dict[tuple[str, int], Finding] = {}
        for pair in item.pairs:
            parsed = parse_key(pair.b)
            if parsed is None:
                continue
            passages = [[p.a_start, p.a_end, p.b_start, p.b_end] for p in pair.passages]
            if parsed[0] == "v":
                other = others.get(parsed[1])
                if other is None or other.tag != parsed[2] or other.report_id == report.pk:
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
                if text is None or text["tag"] != parsed[2]:
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
