"""The JSON API (``/api/v1/``): units and members, read and written through ``orgs.access`` and the services.

Plain Django views returning JSON, no framework, in the shell of ``core.api`` (``http`` turns
exceptions into JSON errors and authenticates by session or bearer token, ``parsing`` reads typed
input); here ``serialise`` writes the documented shapes, ``openapi`` describes it all and is
served with a human-readable page.
"""

from __future__ import annotations
