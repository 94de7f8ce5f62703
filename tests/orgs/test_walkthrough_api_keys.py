"""A unit's API keys page, read by its organisation staff: plain words, and the way to make one's own key."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import World


def test_the_units_keys_page_leads_to_making_ones_own_key_in_plain_words(world: World) -> None:
    text = world.client_for(world.alice).get(f"/units/{world.province.pk}/api-keys/").content.decode()
    assert f'href="{reverse("api_keys")}"' in text
    assert "401" not in text  # an HTTP status means nothing to an office's staff
