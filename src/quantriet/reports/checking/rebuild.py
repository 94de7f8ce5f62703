"""Making the copy index again from the database (``quantriet reports reindex``).

The index is derived data, so it can always be made again: the base texts of every campaign that asks
for reports, every library text, then every checked version in id order (the order they were checked in,
so each text keeps the same place). Findings are not recomputed: they are rows of the database already.
Versions and library texts not yet checked are left out; their own check adds them as usual.

The new index is built beside the old one and swapped in under the index lock, so workers wait a moment
and then carry on with the new one; nobody ever sees half an index.
"""

from __future__ import annotations

from pathlib import Path

from quantriet.copycheck import CopyIndex
from quantriet.reports.checking import store
from quantriet.reports.checking.findings import library_key, version_key
from quantriet.reports.models import LibraryText, ReportVersion, Requirement

# Texts read from the database per round trip; flushing every so many keeps a rebuild's memory bounded.
CHUNK = 500
FLUSH_EVERY = 20_000


def build_into(directory: Path) -> None:
    """A complete index of the database's checked texts, written to the new directory ``directory``."""
    from quantriet.reports.checking.arrival import base_texts

    opened = store.Opened(directory, CopyIndex.create(directory), (0, 0, 0))
    for text in base_texts(Requirement.objects.values_list("campaign_id", flat=True)):
        opened.add_base(text)
    library = LibraryText.objects.filter(checked_at__isnull=False).order_by("pk")
    for text_id, text, checked_at in library.values_list("pk", "text", "checked_at").iterator(
        chunk_size=CHUNK
    ):
        opened.add(library_key(text_id, text), text, role="reference")
        opened.advance(checked_at)
    versions = ReportVersion.objects.filter(checked_at__isnull=False).order_by("pk")
    rows = versions.values_list("pk", "text", "checked_at", "digest").iterator(chunk_size=CHUNK)
    for count, (version_id, text, checked_at, digest) in enumerate(rows, start=1):
        opened.add(version_key(version_id, digest), text)
        opened.advance(checked_at)
        if count % FLUSH_EVERY == 0:
            opened.flush()
    opened.flush()
    opened.index.close()


def rebuild() -> int:
    """Build a fresh index and swap it in; returns how many texts it holds."""
    store.rebuild(build_into)
    with store.locked(build=build_into) as opened:
        return len(opened.index)
