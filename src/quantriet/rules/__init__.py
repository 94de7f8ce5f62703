"""The party's rules as plain functions: what a member record may and may not say.

Pure: no Django, no app imports. Each check takes plain values and returns findings that carry a
Vietnamese (and an English) sentence, so the web forms, the importer and the CLI say the same thing.
"""

from __future__ import annotations

from quantriet.rules.membership import Finding, check_member

__all__ = ["Finding", "check_member"]
