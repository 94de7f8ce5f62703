"""Data of the organisation tree, members, accounts and audit trails.

Split by subject so each module stays small; import from ``quantriet.orgs.models``.
"""

from __future__ import annotations

from quantriet.orgs.models.accounts import ApiToken, LoginAttempt, Role, RoleAssignment
from quantriet.orgs.models.audit import AccessLog, AuditEntry, BulkAccessLog
from quantriet.orgs.models.jobs import ImportJob, ImportKind, ImportStatus
from quantriet.orgs.models.members import (
    Exemption,
    Member,
    MemberPhoto,
    MemberStatus,
    Placement,
    Position,
    PositionKind,
    Sex,
)
from quantriet.orgs.models.privacy import CorrectionField, CorrectionRequest, CorrectionState
from quantriet.orgs.models.units import Level, Unit, UnitEvent, UnitEventKind, UnitLink

__all__ = [
    "AccessLog",
    "ApiToken",
    "AuditEntry",
    "BulkAccessLog",
    "CorrectionField",
    "CorrectionRequest",
    "CorrectionState",
    "Exemption",
    "ImportJob",
    "ImportKind",
    "ImportStatus",
    "Level",
    "LoginAttempt",
    "Member",
    "MemberPhoto",
    "MemberStatus",
    "Placement",
    "Position",
    "PositionKind",
    "Role",
    "RoleAssignment",
    "Sex",
    "Unit",
    "UnitEvent",
    "UnitEventKind",
    "UnitLink",
]
