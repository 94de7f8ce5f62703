"""Django forms of the organisation app; each hands its cleaned values to ``orgs.services``."""

from __future__ import annotations
