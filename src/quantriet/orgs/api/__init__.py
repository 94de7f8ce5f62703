"""The JSON API (``/api/v1/``): units and members, read and written through ``orgs.access`` and the services.

Plain Django views returning JSON, no framework: ``http`` turns exceptions into JSON errors and
authenticates (session or bearer token), ``parsing`` reads typed input, ``serialise`` writes the
documented shapes, ``openapi`` describes it all and is served with a human-readable page.
"""

from __future__ import annotations
