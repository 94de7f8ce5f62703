"""A finding on a copy whose sentences were shuffled and heavily edited: fiona (XB1) hands in dave's (XA2)
ten sentences in another order, a word in three replaced and every third rewritten whole."""

from __future__ import annotations

from quantriet.reports.checking.arrival import check_all_pending
from quantriet.reports.models import Finding
from quantriet.reports.services.submitting import Handed, submit
from tests.copycheck import shuffled
from tests.reports.conftest import Reports
from tests.reports.writing import essay

# His sentences: what the copy is made of.
HIS = shuffled.sentences(0, 10, size=16)


def shuffled_finding(reports: Reports, *, own: str = "") -> Finding:
    """dave's report (his sentences, then ``own``), fiona's shuffled copy of them, checked: her finding."""
    world = reports.world
    dave = reports.report_of(world.m_dave)
    fiona = reports.report_of(reports.m_fiona)
    submit(
        world.dave,
        dave,
        Handed(f"{essay(41, words=80)}\n\n{shuffled.text(HIS)}" + (f"\n\n{own}" if own else "")),
    )
    submit(reports.fiona, fiona, Handed(f"{essay(42, words=80)}\n\n{shuffled.shuffled_edited(HIS, 77)}"))
    check_all_pending()
    return Finding.objects.get(report=fiona, other_report=dave)
