"""Every write of the campaigns app: each validates, runs in one transaction and is audited.

Callers check access first (``campaigns.selectors``); these functions check the values and raise
``ValidationError`` (keyed by field) or ``CheckInRefused`` with Vietnamese messages.
"""

from __future__ import annotations

from quantriet.campaigns.services.absences import create_makeup_session, makeup_check_in, record_absence
from quantriet.campaigns.services.campaigns import create_campaign, update_campaign, validate_campaign_fields
from quantriet.campaigns.services.checkin import (
    CheckInRefused,
    Recorded,
    check_in_code,
    check_in_delegate,
    check_in_guest,
    reverse_check_in,
    reverse_makeup_mark,
)
from quantriet.campaigns.services.conferences import (
    ConferenceContents,
    add_agenda_item,
    create_conference,
    delete_conference,
    remove_agenda_item,
    update_conference,
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
from quantriet.campaigns.services.plans import parse_actions, remind_units, review_plan, submit_plan
from quantriet.campaigns.services.points import PointRemoval, add_point, delete_point, update_point

__all__ = [
    "CheckInRefused",
    "CodeError",
    "ConferenceContents",
    "Invited",
    "PointRemoval",
    "Recorded",
    "add_agenda_item",
    "add_point",
    "check_in_code",
    "check_in_delegate",
    "check_in_guest",
    "create_campaign",
    "create_conference",
    "create_makeup_session",
    "delete_conference",
    "delete_point",
    "invite_guest",
    "invite_members",
    "makeup_check_in",
    "parse_actions",
    "qr_payload",
    "read_code",
    "record_absence",
    "remind_units",
    "remove_agenda_item",
    "remove_delegate",
    "reverse_check_in",
    "reverse_makeup_mark",
    "review_plan",
    "submit_plan",
    "update_campaign",
    "update_conference",
    "update_point",
    "validate_campaign_fields",
]
