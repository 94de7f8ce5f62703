"""Reads for the reviewers' side: the queue, a report's findings seen from one side, the evidence of a
finding cut into highlighted segments, and the copy rings of a campaign.

Everything goes through ``selectors.access``; who may see a counterpart's identity is decided here once
per page (one query for a whole list), never per row.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models import Case as When_
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet.campaigns.models import Campaign
from quantriet.copycheck import Passage, matched_sentences
from quantriet.core.actors import Actor, is_operator
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.models import Unit
from quantriet.reports.models import (
    Finding,
    FindingKind,
    LearningReport,
    ReportStatus,
    ReportVersion,
)
from quantriet.reports.selectors.access import is_own, visible_reports

# --- the queue -------------------------------------------------------------------------------------

QUEUE_STATES: dict[str, Any] = {
    "submitted": gettext_lazy("Đã nộp, chờ xem xét"),
    "late": gettext_lazy("Nộp muộn"),
    "missing": gettext_lazy("Chưa nộp"),
    "returned": gettext_lazy("Trả lại để viết lại"),
    "passed": gettext_lazy("Đạt"),
    "case": gettext_lazy("Đang xem xét việc sao chép"),
    "copied": gettext_lazy("Kết luận có sao chép"),
}

_STATE_FILTERS: dict[str, Q] = {
    "submitted": Q(status=ReportStatus.SUBMITTED),
    "late": Q(late=True),
    "missing": Q(status=ReportStatus.REQUIRED),
    "returned": Q(status=ReportStatus.RETURNED),
    "passed": Q(status=ReportStatus.PASSED),
    "case": Q(status=ReportStatus.CASE),
    "copied": Q(status=ReportStatus.COPIED),
}


def review_campaigns(user: Actor) -> QuerySet[Campaign]:
    """Campaigns offered in the queue's picker: those asking for reports the user reviews, newest first."""
    from quantriet.reports.selectors.access import campaigns_with_reports

    found = campaigns_with_reports(user).filter(report_requirement__isnull=False)
    return found.order_by("-conference_date", "-id")


def queue_unit_or_404(user: Actor, raw_id: str) -> Unit:
    """A unit of the reviewer's subtree (the queue's filter); anything else answers 404."""
    unit: Unit = access.unit_or_404(user, C.REVIEW_REPORTS, raw_id)
    return unit


def queue(user: Actor, campaign: Campaign, *, unit: Unit | None, state: str) -> QuerySet[LearningReport]:
    """The reviewer's reports of ``campaign``: findings first (highest similarity), then by id.

    At 100,000 reports a page's keys must come from an index alone: (campaign, status, similarity) with
    the row id SQLite keeps in every index. So the order has no other column, and the reach filter (the
    unit's subtree, a join the index cannot serve) is left out when it cannot exclude anything: a
    reviewer of the campaign's whole scope sees every report of it, as report rows are only made for
    members of the scope (``services.requirements``). ``unit`` comes from ``queue_unit_or_404``.
    """
    from quantriet.reports.selectors.access import reviewable

    if unit is not None:
        rows = LearningReport.objects.filter(campaign=campaign, unit_id__in=access.subtree_ids([unit.pk]))
    elif access.can(user, C.REVIEW_REPORTS, campaign.scope_unit_id):
        rows = LearningReport.objects.filter(campaign=campaign)
    else:
        rows = reviewable(user).filter(campaign=campaign)
    if state in _STATE_FILTERS:
        rows = rows.filter(_STATE_FILTERS[state])
    return (
        rows.select_related("member", "unit__parent")
        .only(
            "id",
            "status",
            "late",
            "similarity",
            "findings_count",
            "submitted_at",
            "check_state",
            "member__id",
            "member__full_name",
            "unit__id",
            "unit__name",
            "unit__parent__id",
            "unit__parent__name",
        )
        .order_by("-similarity", "id")
    )


# --- who may see whom ------------------------------------------------------------------------------


def identity_condition(user: Actor) -> Q | None:
    """Reports whose writer ``user`` may see: their own and those of their review subtree (None: all)."""
    if is_operator(user):
        return None
    condition = Q(member__user_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    roots = access.root_unit_ids(user, C.REVIEW_REPORTS)
    if roots:
        condition |= Q(unit_id__in=access.subtree_ids(roots))
    return condition


def with_identity(user: Actor, rows: QuerySet[LearningReport]) -> QuerySet[LearningReport]:
    """``rows`` annotated ``identity_seen``: may ``user`` see who wrote it (``may_see_identity``)."""
    condition = identity_condition(user)
    if condition is None:
        return rows.annotate(identity_seen=Value(True, output_field=BooleanField()))
    return rows.annotate(
        identity_seen=When_(
            When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def seen_report_ids(user: Actor, report_ids: set[int]) -> set[int]:
    """Of ``report_ids``, those whose writer ``user`` may see: one query (none for an empty set)."""
    if not report_ids:
        return set()
    condition = identity_condition(user)
    if condition is None:
        return set(report_ids)
    return set(LearningReport.objects.filter(condition, pk__in=report_ids).values_list("pk", flat=True))


def unit_label(unit: Unit) -> str:
    """A unit with its parent, as the boards write it: "Chi bộ thôn Đông — Đảng ủy xã Bến Đò"."""
    parent = unit.parent
    return f"{unit.name} — {parent.name}" if parent is not None else unit.name


# --- findings seen from one report -----------------------------------------------------------------


@dataclass
class FindingRow:
    """A finding as one report's page shows it: the other side from this report's point of view."""

    finding: Finding
    kind_label: str
    similarity: float  # the share of this report's text found in the other one
    counterpart: str  # a name, or the anonymous wording
    counterpart_url: str = ""


def _anonymous(kind: str, *, own_viewer: bool) -> str:
    if kind == FindingKind.REFERENCE:
        return _("tài liệu tham khảo")
    if kind == FindingKind.RECYCLED:
        return _("bài cũ của chính đồng chí") if own_viewer else _("bài cũ của chính người viết")
    return _("bài của người khác") if own_viewer else _("bài của đơn vị khác")


def findings_of(user: Actor, report: LearningReport) -> list[FindingRow]:
    """The findings about ``report``'s current text, either side; counterparts named by the identity
    rule. Two queries: the findings with both sides joined, and which counterparts the user may see."""
    if report.current_id is None:
        return []
    found = list(
        Finding.objects.filter(Q(version_id=report.current_id) | Q(other_version_id=report.current_id))
        .select_related("report__member", "report__unit", "other_report__member", "other_report__unit")
        .select_related("library_text")
        .order_by("-similarity", "id")
    )
    return finding_rows(user, report, found)


def finding_rows(user: Actor, report: LearningReport, found: list[Finding]) -> list[FindingRow]:
    own_viewer = is_own(user, report)
    counterparts: dict[int, LearningReport | None] = {}
    for f in found:
        counterparts[f.pk] = f.other_report if f.report_id == report.pk else f.report
    ids = {c.pk for c in counterparts.values() if c is not None}
    seen = set() if own_viewer else seen_report_ids(user, ids)
    rows = []
    for f in found:
        mine = f.report_id == report.pk
        other = counterparts[f.pk]
        similarity = f.similarity if mine else f.other_similarity
        if f.library_text_id is not None and f.library_text is not None:
            name = _("tài liệu tham khảo") if own_viewer else f.library_text.title
            url = ""
        elif other is not None and other.pk in seen:
            name = f"{other.member.full_name} ({other.unit.name})"
            url = other.get_absolute_url()
        else:
            name, url = _anonymous(f.kind, own_viewer=own_viewer), ""
        label = f.get_kind_display() if mine else _("Bài khác trùng với bài này")
        if f.kind == FindingKind.RECYCLED:
            label = f.get_kind_display()
        rows.append(FindingRow(f, str(label), similarity, name, url))
    return rows


# --- the evidence ----------------------------------------------------------------------------------


def finding_or_404(user: Actor, raw_id: int | str) -> Finding:
    """A finding about a report the user may see (own or reviewed), on either side."""
    visible = visible_reports(user)
    found = Finding.objects.filter(
        Exists(visible.filter(pk=OuterRef("report_id")))
        | Exists(visible.filter(pk=OuterRef("other_report_id")))
    ).select_related(
        "version",
        "other_version",
        "library_text",
        "report__member",
        "report__unit__parent",
        "report__campaign",
        "other_report__member",
        "other_report__unit__parent",
    )
    try:
        finding: Finding = found.get(pk=access.id_or_404(raw_id))
    except Finding.DoesNotExist:
        raise Http404 from None
    return finding


@dataclass
class Segment:
    """A slice of a text: plain, or inside copied passage ``passage`` (1-based); ``starts`` lists the
    passages that begin here (their anchors)."""

    text: str
    passage: int | None = None
    starts: list[int] = field(default_factory=list)


def segments(text: str, ranges: list[tuple[int, int]]) -> list[Segment]:
    """``text`` cut at the passages' offsets: each slice knows the (first) passage covering it.

    Ranges may overlap or come out of order (two passages of one side found in one place of the other);
    offsets out of the text are clipped, so a stale finding never raises. The slices are plain strings,
    rendered escaped by the template: nothing of the text is ever marked safe.
    """
    n = len(text)
    clean: list[tuple[int, int, int]] = []
    for number, (start, end) in enumerate(ranges, 1):
        s, e = max(0, min(int(start), n)), max(0, min(int(end), n))
        if e > s:
            clean.append((s, e, number))
    cuts = sorted({0, n, *(s for s, _e, _p in clean), *(e for _s, e, _p in clean)})
    starts: dict[int, list[int]] = defaultdict(list)
    for s, _e, number in clean:
        starts[s].append(number)
    result: list[Segment] = []
    for left, right in itertools.pairwise(cuts):
        covering = [p for s, e, p in clean if s <= left and right <= e]
        result.append(Segment(text[left:right], min(covering) if covering else None, sorted(starts[left])))
    return result


@dataclass
class Side:
    """One side of the evidence: who (or what) it is, and either its whole text or its passages only."""

    label: str
    url: str
    whole: bool  # the whole text is shown; otherwise only the copied passages
    segments: list[Segment]
    passages: list[str]
    similarity: float

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


@dataclass
class PassagePair:
    """A copied passage on both sides, and — when the copy put its sentences in another order — which
    sentence matches which, side by side."""

    number: int
    left: str
    right: str
    sentences: list[tuple[str, str]]


@dataclass
class Evidence:
    finding: Finding
    left: Side
    right: Side
    pairs: list[PassagePair]
    kind_label: str


def _passages(text: str, ranges: list[tuple[int, int]]) -> list[str]:
    n = len(text)
    return [text[max(0, min(s, n)) : max(0, min(e, n))] for s, e in ranges]


def _other_text(finding: Finding) -> str:
    if finding.library_text is not None:
        return finding.library_text.text
    version: ReportVersion | None = finding.other_version
    return version.text if version is not None else ""


def evidence(user: Actor, finding: Finding) -> Evidence:
    """Both texts of ``finding`` with the passages marked. The viewer's own report (or the one they
    review) is shown whole; the other side whole only if the viewer may see that report too — a member
    looking at their own evidence sees the other side's copied passages only, never its writer."""
    raw = [p for p in finding.passages if isinstance(p, list | tuple) and len(p) == 4]
    a_ranges = [(int(p[0]), int(p[1])) for p in raw]
    b_ranges = [(int(p[2]), int(p[3])) for p in raw]
    a_text, b_text = finding.version.text, _other_text(finding)
    own_a = is_own(user, finding.report)
    own_b = finding.other_report is not None and is_own(user, finding.other_report)
    ids = {finding.report_id} | ({finding.other_report_id} if finding.other_report_id else set())
    seen = seen_report_ids(user, {i for i in ids if i is not None})
    a_whole = own_a or (finding.report_id in seen and not own_b)
    if finding.library_text is not None:
        b_whole = not (own_a or own_b)  # reviewers read the reference; a member sees what matched
    else:
        b_whole = own_b or (finding.other_report_id in seen and not own_a)

    def name(report: LearningReport | None, whole: bool, own: bool, own_other: bool) -> tuple[str, str]:
        if report is None:
            assert finding.library_text is not None
            if own_other:
                return _("tài liệu tham khảo"), ""
            return _("Tài liệu tham khảo: %(t)s") % {"t": finding.library_text.title}, ""
        if own:
            return _("Bài của đồng chí"), report.get_absolute_url()
        if own_other:
            return _anonymous(finding.kind, own_viewer=True), ""
        if report.pk in seen:
            return f"{report.member.full_name} — {unit_label(report.unit)}", report.get_absolute_url()
        return _anonymous(finding.kind, own_viewer=False), ""

    a_label, a_url = name(finding.report, a_whole, own_a, own_b)
    b_label, b_url = name(finding.other_report, b_whole, own_b, own_a)
    a_passages, b_passages = _passages(a_text, a_ranges), _passages(b_text, b_ranges)
    left = Side(
        a_label,
        a_url,
        a_whole,
        segments(a_text, a_ranges) if a_whole else [],
        a_passages,
        finding.similarity,
    )
    right = Side(
        b_label,
        b_url,
        b_whole,
        segments(b_text, b_ranges) if b_whole else [],
        b_passages,
        finding.other_similarity,
    )
    sentences = _matched_sentences(a_text, b_text, raw)
    pairs = [
        PassagePair(i, a, b, matched)
        for i, (a, b, matched) in enumerate(zip(a_passages, b_passages, sentences, strict=True), 1)
    ]
    return Evidence(finding, left, right, pairs, str(finding.get_kind_display()))


def _matched_sentences(a_text: str, b_text: str, raw: list[Any]) -> list[list[tuple[str, str]]]:
    """For each passage, its sentences side by side where the copy put them in another order
    (``copycheck.matched_sentences``); none for a passage kept in order, or out of either text (a finding
    older than a text it names is shown as it is, never raises)."""
    passages = [Passage(*(int(x) for x in p)) for p in raw]
    if (
        not b_text
        or any(not (0 <= p.a_start <= p.a_end <= len(a_text)) for p in passages)
        or any(not (0 <= p.b_start <= p.b_end <= len(b_text)) for p in passages)
    ):
        return [[] for _ in passages]
    return [
        [(a_text[m.a_start : m.a_end], b_text[m.b_start : m.b_end]) for m in matches]
        for matches in matched_sentences(a_text, b_text, passages)
    ]


# --- copy rings ------------------------------------------------------------------------------------


@dataclass
class RingMember:
    report: LearningReport
    label: str
    url: str
    is_source: bool = False


@dataclass
class Ring:
    members: list[RingMember]
    source: RingMember
    links: int


def rings(user: Actor, campaign: Campaign) -> list[Ring]:
    """Connected groups of the campaign's reports linked by PEER findings, largest first, each with the
    earliest submitted report as its source. Two queries: the links, and the reports with who may see them.

    Only groups holding a report the user reviews are shown; the other members are named by the
    identity rule ("bài của đơn vị khác")."""
    links = list(
        Finding.objects.filter(
            kind=FindingKind.PEER, report__campaign=campaign, other_report__campaign=campaign
        ).values_list("report_id", "other_report_id")
    )
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pairs: set[tuple[int, int]] = set()
    for a, b in links:
        parent[root(a)] = root(b)
        pairs.add((min(a, b), max(a, b)))
    if not parent:
        return []
    reports = {
        r.pk: r
        for r in with_identity(user, LearningReport.objects.filter(pk__in=list(parent))).select_related(
            "member", "unit__parent"
        )
    }
    groups: dict[int, list[LearningReport]] = defaultdict(list)
    for pk in parent:
        if pk in reports:
            groups[root(pk)].append(reports[pk])
    edges: dict[int, int] = defaultdict(int)
    for a, _b in pairs:
        edges[root(a)] += 1
    found: list[Ring] = []
    for key, group in groups.items():
        if len(group) < 2 or not any(r.identity_seen and not is_own(user, r) for r in group):  # type: ignore[attr-defined]
            continue
        group.sort(key=lambda r: (r.submitted_at is None, r.submitted_at, r.pk))
        members = [
            RingMember(
                r,
                f"{r.member.full_name} — {unit_label(r.unit)}"
                if r.identity_seen  # type: ignore[attr-defined]
                else _("bài của đơn vị khác"),
                r.get_absolute_url() if r.identity_seen else "",  # type: ignore[attr-defined]
            )
            for r in group
        ]
        members[0].is_source = True
        found.append(Ring(members, members[0], edges[key]))
    found.sort(key=lambda ring: (-len(ring.members), ring.source.report.pk))
    return found
