"""The home page as a to-do list: what each app asks of the signed-in person next.

The core knows no app (the layers contract), yet the home page belongs to all of them: a member's
invitations come from campaigns, their learning report from reports, a failed import from orgs. So each
app registers, when it starts, a function ``user -> list[Section]``; the page shows the sections in their
``order``. A section lists only what the person may see and can act on, each task with the link that does
it. Every function must cost a fixed, small number of queries whatever the size of the data (the home page
is the first page of every visit), and return no section when there is nothing to do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from quantriet.core.actors import Actor


@dataclass(frozen=True)
class Task:
    """One thing to do: a sentence, where to do it, and when or where it is (a deadline, a unit)."""

    label: str
    url: str
    detail: str = ""
    urgent: bool = False  # late, or due within days: drawn first and marked
    count: int | None = None  # how many items the link leads to (reports to read, plans owed)


@dataclass(frozen=True)
class Section:
    """A heading and its tasks; ``more_url`` leads to the full list when only the first few are shown."""

    key: str  # a stable name, used as the section's HTML id
    title: str
    tasks: list[Task] = field(default_factory=list)
    order: int = 50
    more_url: str = ""
    more_label: str = ""
    note: str = ""  # a sentence under the heading (what the section is about)


HomeSections = Callable[[Actor], list[Section]]

_registered: list[HomeSections] = []


def register_sections(sections: HomeSections) -> None:
    if sections not in _registered:
        _registered.append(sections)


def sections_for(user: Actor) -> list[Section]:
    """Every registered app's sections for ``user`` with at least one task, in their order."""
    found = [section for sections in _registered for section in sections(user) if section.tasks]
    for section in found:
        # Late or near items first inside a section, the app's own order kept otherwise (a stable sort).
        section.tasks.sort(key=lambda task: not task.urgent)
    return sorted(found, key=lambda section: section.order)
