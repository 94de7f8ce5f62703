"""``quantriet purge``: an old conference's reversed check-in loses who reversed it, as who recorded it."""

from __future__ import annotations

from quantriet.campaigns import services as campaign_services
from quantriet.campaigns.models import CheckIn
from tests.conftest import World
from tests.orgs.import_fixtures import run_cli
from tests.orgs.test_privacy_purge import age_campaign, conference_with_guests


def test_an_old_reversed_check_in_keeps_its_reversal_but_not_who_made_it(world: World) -> None:
    old = conference_with_guests(world, "Hội nghị cũ")
    new = conference_with_guests(world, "Hội nghị mới")
    for campaign in (old, new):
        campaign_services.reverse_check_in(world.alice, campaign.late_check_in, reason="Bấm nhầm người")
    age_campaign(old)
    status, out = run_cli("purge")
    assert status == 0, out
    reversed_old = CheckIn.objects.get(pk=old.late_check_in.pk)
    # The fact and its reason stay (the count of the old conference stays right); the person goes.
    assert reversed_old.reversed_at is not None and reversed_old.reversal_reason == "Bấm nhầm người"
    assert (reversed_old.recorded_by, reversed_old.reversed_by) == (None, None)
    assert CheckIn.objects.get(pk=new.late_check_in.pk).reversed_by == world.alice
    # A second run finds nothing more to clear.
    status, out = run_cli("purge")
    assert status == 0 and "Lượt điểm danh đã bỏ chi tiết (quá 365 ngày): 0" in out, out
