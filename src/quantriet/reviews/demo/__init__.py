"""The demo's annual review: five closed years of decided ratings and this year's review open.

* Five years (the rule sets Hướng dẫn 21, Quy định 124 and Quy định 366, chosen from the dates) decided for
  every member and organisation of the province, HTXS within the quota in every grassroots organisation;
  a dozen members and a few organisations HTXS every year; a few members disciplined and rated KHT;
  the exempted and the suspended not rated (``history``).
* This year's period open, its deadlines ahead of the day the demo is loaded, with reviews at every step
  (``current``): ``dangvien`` has a self-assessment to write, ``bithu.chibo`` a cell meeting to hold,
  ``tochuc.xa`` decisions to take.
* The province's award forms with proposals in every state, party badges proposed and due (``recognition``).

Loading twice adds nothing (the demo loads once, and this part checks for its periods).
"""

from __future__ import annotations

import random

from django.contrib.auth.models import User
from django.db.models import Count
from django.utils import timezone

from quantriet.orgs.models import Member, Position, Role, RoleAssignment, Unit
from quantriet.orgs.models.units import Level as UnitLevel
from quantriet.reviews.demo import current, history, recognition
from quantriet.reviews.models import ReviewPeriod

SEED = 1313


def _user_of(unit: Unit, role: str) -> User:
    held = RoleAssignment.objects.filter(unit=unit, role=role, revoked_at__isnull=True).select_related("user")
    found = held.order_by("pk").first()
    if found is None:
        raise RuntimeError(f"the demo has no {role} at {unit}")
    user: User = found.user
    return user


def early_grassroots(province: Unit, commune: Unit) -> Unit:
    """A commune of 25 to 45 members that existed all along: this year decided in full."""
    found = (
        Unit.objects.filter(
            parent=province, level=UnitLevel.GRASSROOTS, valid_to__isnull=True, valid_from__isnull=True
        )
        .exclude(pk=commune.pk)
        .annotate(n=Count("children__members"))
        .filter(n__gte=25, n__lte=45)
        .order_by("name_sort", "pk")
        .first()
    )
    if found is None:
        raise RuntimeError("the demo province has no commune of 25 to 45 members")
    return found


def load_demo_reviews(province: Unit, commune: Unit, cell: Unit) -> None:
    """The annual review's demo (once): ``commune`` is ``tochuc.xa``'s, ``cell`` ``bithu.chibo``'s."""
    if ReviewPeriod.objects.filter(unit=province).exists():
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    closed, year = history.review_years(today)
    staff = _user_of(province, Role.ORGANISATION)
    commune_staff = _user_of(commune, Role.ORGANISATION)
    accounts = set(Member.objects.filter(user__isnull=False).values_list("pk", flat=True))
    posts = set(Position.objects.filter(end__isnull=True).values_list("member_id", flat=True))
    early = early_grassroots(province, commune)

    roll = history.read_roll(province, rng)
    history.choose_streaks(roll, closed[0], rng, early=early.pk, avoid=accounts | posts)
    history.load_history(province, roll, closed, staff, rng)

    period = current.open_current(province, year, today, staff)
    current.run_commune(period, commune, cell, commune_staff, rng, pending=accounts)
    current.run_decided(period, early, roll.streak_members, roll.streak_units, rng)

    forms = recognition.configure_forms(province, staff)
    recognition.propose_awards(forms, province, closed[-1], staff)
    recognition.propose_badges(province, today, staff)


__all__ = ["load_demo_reviews"]
