"""Retention of the organisation's logs (decree 13/2023: personal data kept no longer than needed).

Reads of personal data (``AccessLog``, ``BulkAccessLog``) and sign-in attempts older than their
retention period are deleted in batches. Every function takes the moment before which rows go and
``dry_run``; a dry run counts what would go and writes nothing. Re-running changes nothing more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from quantriet.core.batches import delete_in_batches
from quantriet.orgs.models import AccessLog, AuditEntry, BulkAccessLog, LoginAttempt
from quantriet.orgs.services.accounts import prune_sign_in_attempts


def purge_access_logs(older_than: dt.datetime, *, dry_run: bool = False) -> int:
    """Delete the logs of reads of personal data (records, lists, exports) made before ``older_than``."""
    reads = AccessLog.objects.filter(at__lt=older_than)
    bulk = BulkAccessLog.objects.filter(at__lt=older_than)
    if dry_run:
        return reads.count() + bulk.count()
    return delete_in_batches(reads) + delete_in_batches(bulk)


def purge_sign_in_attempts(older_than: dt.datetime, *, dry_run: bool = False) -> int:
    """Sign-in attempts made before ``older_than``: counted, or deleted by the accounts service."""
    if dry_run:
        return LoginAttempt.objects.filter(at__lt=older_than).count()
    # The accounts service owns the attempts (and their throttling); retention only says when.
    return prune_sign_in_attempts(older_than)


@transaction.atomic
def record_purge(counts: Mapping[str, int], *, cutoffs: Mapping[str, str]) -> AuditEntry:
    """One audit entry per purge run: what went, and the cut-off dates used (so the run can be checked)."""
    total = sum(counts.values())
    return AuditEntry.objects.create(
        actor=None,
        action="privacy.purge",
        target_type="retention",
        target_id=dt.date.today().isoformat(),
        unit=None,
        summary=_("Xóa, ẩn danh dữ liệu cá nhân quá thời hạn lưu trữ: %(n)d dòng") % {"n": total},
        changes={"counts": dict(counts), "cutoffs": dict(cutoffs)},
    )
