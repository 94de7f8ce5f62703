"""HTML pages of campaigns: ``campaigns`` (list, forms), ``conferences`` (points, agenda, programme),
``delegates`` (invitations), ``checkin`` (the point's desk and its JSON endpoint), ``boards``."""

from __future__ import annotations
