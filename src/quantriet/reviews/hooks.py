"""What the reviews app adds to pages and descriptions other apps own, registered once at start-up.

Each part appends its registration here (one line each) so ``apps.py`` stays one call.
"""

from __future__ import annotations


def register() -> None:
    """Register the app's API description, home sections and record links (none yet)."""
    from quantriet.reviews import api_schema  # the JSON API's part of the OpenAPI description

    api_schema.register()
    from quantriet.orgs import panels as member_panels  # a member's record links to their ratings
    from quantriet.reviews import panels

    member_panels.register_member_link(panels.record_link)
    from quantriet.core.home import register_sections  # self-assessments due, collectives' Mẫu 01, periods
    from quantriet.reviews import home

    register_sections(home.sections)
