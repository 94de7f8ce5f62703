"""A bridge point's kiosk keys, for the page where its desk staff manage them."""

from __future__ import annotations

from django.db.models import F, QuerySet

from quantriet.campaigns.models import BridgePoint, KioskKey


def kiosk_keys(point: BridgePoint) -> QuerySet[KioskKey]:
    """Every key of ``point``, live ones first, then the revoked (kept for the record), newest first."""
    return (
        KioskKey.objects.filter(point=point)
        .select_related("created_by", "revoked_by")
        .order_by(F("revoked_at").asc(nulls_first=True), "-created_at", "-id")
    )


def kiosk_key_or_none(point: BridgePoint, key_id: int) -> KioskKey | None:
    return KioskKey.objects.filter(point=point, pk=key_id).first()
