"""Retention of campaign data (decree 13/2023): guests and check-in details of old conferences.

Rows are anonymised, never deleted, so that attendance counts and reports of past conferences stay
as they were: a guest keeps their row (and so their place in the count) under a neutral name; a
point's technical contact loses their name and phone; a check-in loses who recorded it (and who
reversed it, for a reversed one) and, when it was on time, its exact minute (it becomes the
conference's start; "late" is kept as it was).
Every function takes the day before which conferences count as old and ``dry_run`` (count only).
Each update takes its rows out of its own condition, so a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from quantriet.campaigns.models import BridgePoint, CheckIn, Conference, Delegate
from quantriet.core.batches import update_in_batches

# Stored in place of a guest's name (data, not interface text: it stays in Vietnamese in every locale).
ANONYMOUS_GUEST = "Khách (đã ẩn danh)"


def anonymise_guests(held_before: dt.date, *, dry_run: bool = False) -> int:
    """Guests' names and notes, and points' technical contacts, of conferences held before ``held_before``."""
    old = Q(conference__held_on__lt=held_before)
    invited = Delegate.objects.filter(old, member__isnull=True).exclude(guest_name=ANONYMOUS_GUEST)
    walked_in = CheckIn.objects.filter(old, delegate__isnull=True).filter(
        ~Q(guest_name=ANONYMOUS_GUEST) | ~Q(guest_note="")
    )
    contacts = BridgePoint.objects.filter(old).filter(~Q(tech_contact_name="") | ~Q(tech_contact_phone=""))
    if dry_run:
        return invited.count() + walked_in.count() + contacts.count()
    return (
        update_in_batches(invited, {"guest_name": ANONYMOUS_GUEST})
        + update_in_batches(walked_in, {"guest_name": ANONYMOUS_GUEST, "guest_note": ""})
        + update_in_batches(contacts, {"tech_contact_name": "", "tech_contact_phone": ""})
    )


def trim_check_ins(held_before: dt.date, *, dry_run: bool = False) -> int:
    """Check-ins of conferences held before ``held_before``: who recorded or reversed them, minutes."""
    total = 0
    conferences = Conference.objects.filter(held_on__lt=held_before).order_by("pk")
    for conference in conferences.iterator(chunk_size=200):
        start = conference.start()
        details = CheckIn.objects.filter(conference=conference).filter(
            Q(recorded_by__isnull=False) | Q(reversed_by__isnull=False) | Q(late=False, at__lt=start)
        )
        if dry_run:
            total += details.count()
            continue
        # Each update takes its rows out of the condition: the recorder and the reverser go, an
        # on-time minute becomes the start.
        people = {"recorded_by": None, "reversed_by": None}
        on_time = details.filter(late=False, at__lt=start)
        total += update_in_batches(on_time, {**people, "at": start})
        named = details.filter(Q(recorded_by__isnull=False) | Q(reversed_by__isnull=False))
        total += update_in_batches(named, people)
    return total
