"""Security headers on every response: a Content-Security-Policy without inline code, and no caching."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import World

# The site's templates. The copy-check engine's HTML report is not one: it is a single file a reviewer opens
# offline, with its style and script inline and pinned by their hashes in its own policy
# (tests/copycheck/test_report_safety.py proves report content never runs as script).
SOURCE = Path(__file__).resolve().parents[2] / "src" / "quantriet"
TEMPLATES = sorted(path for path in SOURCE.glob("**/templates/**/*.html") if "copycheck" not in path.parts)
# What the policy would block: a script without src, a <style> element, an on…= handler, a style="" attribute,
# a javascript: link.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\son[a-z]+\s*=|\sstyle\s*=|javascript:", re.IGNORECASE
)


def test_every_page_says_no_store_and_sends_the_policy(world: World) -> None:
    anonymous = Client()
    alice = world.client_for(world.alice)
    responses = [
        anonymous.get("/accounts/login/"),
        anonymous.get("/"),  # the redirect to sign-in
        alice.get("/"),
        alice.get(f"/members/{world.m_xa1.pk}/"),
        alice.get(f"/members/export.xlsx?unit={world.province.pk}"),
        alice.get("/api/v1/members/"),
        alice.get("/admin/"),
    ]
    for response in responses:
        assert response.status_code in {200, 302}, response
        assert response["Cache-Control"] == "no-store", response
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p).split("src/quantriet/")[-1])
def test_no_template_holds_code_the_policy_would_block(template: Path) -> None:
    found = INLINE.findall(template.read_text(encoding="utf-8"))
    assert not found, f"{template}: move {found} to a static file (the CSP allows no inline code)"
