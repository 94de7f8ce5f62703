"""The campaigns' JSON API (``/api/v1/campaigns/``): campaigns, conferences, points, delegates, check-ins
and plans to read, and a point's kiosk checking people in with its kiosk key.

On the core API shell (auth, errors, paging) like the other apps' APIs: ``views`` parse, look up through
``campaigns.selectors`` (the same reach as the pages) and write through the services; ``serialise``
writes the shapes ``schemas`` documents in the OpenAPI description (registered in ``apps.py``).
"""

from __future__ import annotations
