"""Dissemination campaigns: conferences across bridge points, invited delegates, check-in and attendance.

``services`` holds every write (one transaction each, audited), ``selectors`` every read, scoped
through ``orgs.access``; ``views`` are thin HTML pages plus one JSON endpoint for check-in clients.
"""

from __future__ import annotations
