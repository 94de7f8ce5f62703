"""Every write of the campaigns app: each validates, runs in one transaction and is audited.

Callers check access first (``campaigns.selectors``); these functions check the values and raise
``ValidationError`` (keyed by field) or ``CheckInRefused`` with Vietnamese messages.
"""

from __future__ import annotations

from quantriet.campaigns.services.campaigns import create_campaign, update_campaign, validate_campaign_fields
from quantriet.campaigns.services.checkin import (
    CheckInRefused,
    Recorded,
    check_in_code,
    check_in_delegate,
    check_in_guest,
)
from quantriet.campaigns.services.conferences import (
    add_agenda_item,
    add_point,
    create_conference,
    remove_agenda_item,
)
from quantriet.campaigns.services.delegates import (
    CodeError,
    Invited,
    invite_guest,
    invite_members,
    qr_payload,
    read_code,
    remove_delegate,
)

__all__ = [
    "CheckInRefused",
    "CodeError",
    "Invited",
    "Recorded",
    "add_agenda_item",
    "add_point",
    "check_in_code",
    "check_in_delegate",
    "check_in_guest",
    "create_campaign",
    "create_conference",
    "invite_guest",
    "invite_members",
    "qr_payload",
    "read_code",
    "remove_agenda_item",
    "remove_delegate",
    "update_campaign",
    "validate_campaign_fields",
]
