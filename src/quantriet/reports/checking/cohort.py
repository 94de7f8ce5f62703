"""The whole-cohort re-check of a campaign: every current version against every other one at once.

Organisers start it from the campaign's cohort page (``start``); the ``copycheck`` worker runs it
(``run``, through the task ``run_cohort_check``). The engine's ``check_cohort`` takes the campaign's
current versions as the cohort, the campaign's library and the shared libraries of the units above its
reports as references, and the documents and guidance as base text. It runs on the Dask scheduler of
``DASK_SCHEDULER`` when set ("local": a cluster started for the run), else in ``COHORT_WORKERS``
processes of the worker (one per core by default; one process for small cohorts).

Findings go through the same ``findings.findings_for`` as the check on arrival, so the kinds and the
relevance rules are the same (here every pair of versions is PEER: the cohort is one campaign). They are
upserted: a pair already found (in either direction — the arrival check's ``a`` is the later report,
the cohort check's the more copied one) is updated in place, never found twice; a run can be repeated.
The reports concerned get their ``similarity`` and ``findings_count`` counted again from the findings.

Progress: ``CohortRun.done`` goes from 0 to ``total`` (the number of reports) — fingerprinting is the
first 80% of it, aligning the next 15%, storing the findings the last 5%; the page polls it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.copycheck import Document, Pair, check_cohort
from quantriet.copycheck.runners import DaskRunner, LocalRunner, ProcessRunner
from quantriet.core.actors import Actor
from quantriet.orgs.models import UnitLink
from quantriet.orgs.services import record_audit
from quantriet.reports.checking.findings import Checked, findings_for, library_key, parse_key, version_key
from quantriet.reports.models import (
    CohortRun,
    Finding,
    LearningReport,
    LibraryText,
    ReportVersion,
    RunState,
)

log = logging.getLogger(__name__)

# A run still "running" after this long lost its worker (killed mid-run): a new one may start.
STALE_AFTER = dt.timedelta(hours=6)
# Below this many reports the check runs in the worker's own process: starting processes costs more.
PROCESSES_FROM = 2_000
CHUNK = 2_000
PREPARE, ALIGN, STORE = 0.80, 0.15, 0.05
SAVE_EVERY_S = 1.0


def active_run(campaign_id: int) -> CohortRun | None:
    """The campaign's run waiting or under way, if any (a stale one does not count)."""
    since = timezone.now() - STALE_AFTER
    return (
        CohortRun.objects.filter(
            campaign_id=campaign_id, state__in=[RunState.QUEUED, RunState.RUNNING], created_at__gte=since
        )
        .order_by("-created_at", "-id")
        .first()
    )


def start(actor: Actor | None, campaign: Any) -> CohortRun:
    """Queue a re-check of ``campaign``'s current versions; refused while another one is under way."""
    from quantriet.campaigns.models import Campaign
    from quantriet.reports.tasks import run_cohort_check

    with transaction.atomic():
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()  # one start at a time
        if active_run(campaign.pk) is not None:
            raise ValidationError(_("Đợt này đang có một lượt kiểm tra toàn bộ; hãy chờ lượt đó xong."))
        total = LearningReport.objects.filter(campaign=campaign, current__isnull=False).count()
        if total == 0:
            raise ValidationError(_("Chưa có bài thu hoạch nào được nộp nên chưa có gì để kiểm tra."))
        started_by = actor.pk if actor is not None and actor.is_authenticated else None
        run = CohortRun.objects.create(campaign=campaign, total=total, started_by_id=started_by)
        record_audit(
            actor,
            "reports.cohort_check",
            run,
            unit=campaign.organising_unit,
            summary=_("Kiểm tra sao chép toàn bộ %(n)d bài thu hoạch của đợt “%(c)s”")
            % {"n": total, "c": campaign.title},
        )
        transaction.on_commit(lambda: run_cohort_check.enqueue(run.pk))
    return run


def run(run_id: int) -> None:
    """Do the run ``run_id`` if it is still waiting (a second delivery of the task does nothing)."""
    # Claimed with a conditional UPDATE: two workers given the same run never both do it.
    if CohortRun.objects.filter(pk=run_id, state=RunState.QUEUED).update(state=RunState.RUNNING) != 1:
        return
    found = CohortRun.objects.select_related("campaign").get(pk=run_id)
    try:
        _run(found)
    except Exception as error:
        log.exception("cohort run %s failed", run_id)
        CohortRun.objects.filter(pk=run_id).update(
            state=RunState.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now()
        )


class _Progress:
    """Turns the engine's stage and chunk callbacks into ``CohortRun.done`` (at most once a second)."""

    def __init__(self, run: CohortRun) -> None:
        self.run = run
        self.stage = ""
        self.stage_start, self.stage_share = 0.0, PREPARE
        self.saved_at = 0.0

    def on_stage(self, name: str, done: int, items: int) -> None:
        from quantriet.copycheck.check import STAGE_ALIGN, STAGE_PREPARE

        self.stage = name
        if name == STAGE_PREPARE:
            self.stage_start, self.stage_share = 0.0, PREPARE
        elif name == STAGE_ALIGN:
            self.stage_start, self.stage_share = PREPARE, ALIGN
            self.set(PREPARE, force=True)
        else:  # the candidate search, in this process: the bar waits at the end of fingerprinting
            self.stage_start, self.stage_share = PREPARE, 0.0

    def on_items(self, done: int, items: int) -> None:
        if items:
            self.set(self.stage_start + self.stage_share * done / items)

    def set(self, share: float, *, force: bool = False, pairs: int | None = None) -> None:
        now = time.monotonic()
        if not force and now - self.saved_at < SAVE_EVERY_S:
            return
        self.saved_at = now
        done = min(self.run.total, int(self.run.total * share))
        fields: dict[str, Any] = {"done": done}
        if pairs is not None:
            fields["pairs"] = pairs
        CohortRun.objects.filter(pk=self.run.pk).update(**fields)


def _runner(total: int, progress: _Progress) -> Any:
    scheduler = str(getattr(settings, "DASK_SCHEDULER", "") or "")
    if scheduler:
        return DaskRunner(None if scheduler == "local" else scheduler, progress=progress.on_items)
    workers = int(getattr(settings, "COHORT_WORKERS", 0) or 0) or os.cpu_count() or 1
    if workers > 1 and total >= PROCESSES_FROM:
        # Forked workers must not share this process's database connections.
        connections.close_all()
        return ProcessRunner(workers, progress=progress.on_items)
    return LocalRunner(progress=progress.on_items)


def cohort_texts(campaign_id: int) -> list[Document]:
    """The campaign's current versions, in id order."""
    current = LearningReport.objects.filter(campaign_id=campaign_id, current__isnull=False).values(
        "current_id"
    )
    rows = ReportVersion.objects.filter(pk__in=current).order_by("pk").values_list("pk", "text", "digest")
    return [Document(version_key(pk, digest), text) for pk, text, digest in rows.iterator(chunk_size=CHUNK)]


def reference_texts(campaign_id: int) -> list[Document]:
    """The campaign's library and the shared libraries of every unit above (or at) its reports' units."""
    units = LearningReport.objects.filter(campaign_id=campaign_id).values("unit_id").distinct()
    above = UnitLink.objects.filter(descendant_id__in=units).values("ancestor_id")
    rows = LibraryText.objects.filter(
        Q(campaign_id=campaign_id) | Q(campaign__isnull=True, unit_id__in=above)
    ).values_list("pk", "text")
    return [Document(library_key(pk, text), text, "reference") for pk, text in rows.order_by("pk")]


def _run(found: CohortRun) -> None:
    from quantriet.reports.checking.arrival import base_texts

    campaign_id = found.campaign_id
    cohort = cohort_texts(campaign_id)
    references = reference_texts(campaign_id)
    base = [Document(f"base{k}", text, "base") for k, text in enumerate(base_texts([campaign_id]))]
    found.total = len(cohort)
    CohortRun.objects.filter(pk=found.pk).update(total=found.total, done=0)
    progress = _Progress(found)
    with _closing(_runner(len(cohort), progress)) as runner:
        result = check_cohort(cohort, references, base, runner=runner, progress=progress.on_stage)
    del cohort
    progress.set(PREPARE + ALIGN, force=True, pairs=len(result.pairs))
    store_pairs(result.pairs)
    CohortRun.objects.filter(pk=found.pk).update(
        state=RunState.DONE, done=found.total, pairs=len(result.pairs), finished_at=timezone.now()
    )


@contextmanager
def _closing(runner: Any) -> Iterator[Any]:
    try:
        yield runner
    finally:
        runner.close()


def store_pairs(pairs: Sequence[Pair]) -> int:
    """Upsert the findings of ``pairs`` (each ``a`` a version key) and count the reports again."""
    by_version: dict[int, list[Pair]] = {}
    for pair in pairs:
        parsed = parse_key(pair.a)
        if parsed is not None and parsed[0] == "v":
            by_version.setdefault(parsed[1], []).append(pair)
    ids = sorted(by_version)
    stored = 0
    touched: set[int] = set()
    for start_at in range(0, len(ids), CHUNK):
        chunk = ids[start_at : start_at + CHUNK]
        versions = ReportVersion.objects.filter(pk__in=chunk).select_related("report").order_by("pk")
        findings = findings_for([Checked(v, by_version[v.pk]) for v in versions])
        with transaction.atomic():
            stored += _upsert(findings)
        touched.update(f.report_id for f in findings)
        touched.update(f.other_report_id for f in findings if f.other_report_id is not None)
    recount(touched)
    return stored


_FIGURES = ["similarity", "other_similarity", "passages"]


def _swapped(finding: Finding) -> tuple[float, float, list[list[int]]]:
    """The figures of ``finding`` seen from its other side (for a pair stored the other way round)."""
    passages = sorted(([b0, b1, a0, a1] for a0, a1, b0, b1 in finding.passages), key=lambda p: p[0])
    return finding.other_similarity, finding.similarity, passages


def _upsert(findings: list[Finding]) -> int:
    if not findings:
        return 0
    versions = {f.version_id for f in findings} | {f.other_version_id for f in findings if f.other_version_id}
    existing_pair: dict[tuple[int, int], Finding] = {}
    existing_library: dict[tuple[int, int], Finding] = {}
    for stored in Finding.objects.filter(
        Q(version_id__in=versions) & (Q(other_version_id__in=versions) | Q(library_text__isnull=False))
    ).only("pk", "version_id", "other_version_id", "library_text_id", *_FIGURES):
        if stored.other_version_id is not None:
            existing_pair[(stored.version_id, stored.other_version_id)] = stored
        elif stored.library_text_id is not None:
            existing_library[(stored.version_id, stored.library_text_id)] = stored
    new: list[Finding] = []
    changed: list[Finding] = []
    for finding in findings:
        old: Finding | None
        if finding.library_text_id is not None:
            old = existing_library.get((finding.version_id, finding.library_text_id))
            figures = (finding.similarity, finding.other_similarity, finding.passages)
        else:
            assert finding.other_version_id is not None
            old = existing_pair.get((finding.version_id, finding.other_version_id))
            figures = (finding.similarity, finding.other_similarity, finding.passages)
            if old is None:
                old = existing_pair.get((finding.other_version_id, finding.version_id))
                figures = _swapped(finding)
        if old is None:
            new.append(finding)
        elif (old.similarity, old.other_similarity, old.passages) != figures:
            old.similarity, old.other_similarity, old.passages = figures
            changed.append(old)
    Finding.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    Finding.objects.bulk_update(changed, _FIGURES, batch_size=500)
    return len(new) + len(changed)


def recount(report_ids: set[int]) -> None:
    """``similarity`` and ``findings_count`` of these reports, counted from their findings."""
    ids = sorted(report_ids)
    for start_at in range(0, len(ids), CHUNK):
        chunk = ids[start_at : start_at + CHUNK]
        figures: dict[int, tuple[int, float]] = dict.fromkeys(chunk, (0, 0.0))
        own = Finding.objects.filter(report_id__in=chunk).values("report_id")
        for row in own.annotate(n=Count("id"), top=Max("similarity")):
            figures[row["report_id"]] = (row["n"], row["top"] or 0.0)
        theirs = Finding.objects.filter(other_report_id__in=chunk).values("other_report_id")
        for row in theirs.annotate(n=Count("id"), top=Max("other_similarity")):
            count, top = figures[row["other_report_id"]]
            figures[row["other_report_id"]] = (count + row["n"], max(top, row["top"] or 0.0))
        reports = [
            LearningReport(pk=pk, findings_count=n, similarity=top) for pk, (n, top) in figures.items()
        ]
        LearningReport.objects.bulk_update(reports, ["findings_count", "similarity"], batch_size=500)
