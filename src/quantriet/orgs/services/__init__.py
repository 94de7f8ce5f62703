"""Every write to the organisation tree, members and accounts goes through these functions.

Each validates (raising ``django.core.exceptions.ValidationError`` with Vietnamese messages keyed by
field), writes in one transaction, and leaves an audit entry. Views and tasks never save models
directly. Callers are expected to have checked access (``orgs.access``) first.
"""

from __future__ import annotations

from quantriet.orgs.services.accounts import (
    check_login_allowed,
    create_member_account,
    grant_role,
    record_login_attempt,
    revoke_role,
)
from quantriet.orgs.services.audit import record_audit, record_bulk_read, record_member_read
from quantriet.orgs.services.members import (
    add_exemption,
    add_position,
    change_status,
    create_member,
    end_position,
    transfer_member,
    update_member,
    validate_member_fields,
)
from quantriet.orgs.services.tokens import authenticate_token, create_token, revoke_token
from quantriet.orgs.services.units import (
    create_unit,
    dissolve_unit,
    merge_units,
    move_unit,
    rename_unit,
    split_unit,
    update_unit,
)

__all__ = [
    "add_exemption",
    "add_position",
    "authenticate_token",
    "change_status",
    "check_login_allowed",
    "create_member",
    "create_member_account",
    "create_token",
    "create_unit",
    "dissolve_unit",
    "end_position",
    "grant_role",
    "merge_units",
    "move_unit",
    "record_audit",
    "record_bulk_read",
    "record_login_attempt",
    "record_member_read",
    "rename_unit",
    "revoke_role",
    "revoke_token",
    "split_unit",
    "transfer_member",
    "update_member",
    "update_unit",
    "validate_member_fields",
]
