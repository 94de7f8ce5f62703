"""The document registry: party and state documents, their relations, and every citation of them.

``services`` holds every write (create, edit, upload, relate, import, ``scan_citations`` for any text
of the platform); ``selectors`` every read, scoped through ``orgs.access``; ``views``/``api`` are thin.
"""

from __future__ import annotations
