"""In a real browser: an officer imports a partner's IIA, records their id and sees the copies agree."""

from __future__ import annotations

from typing import Any

import pytest

from accord.agreements.models import PartnerIiaCopy
from accord_testing.browser import sign_in, snapshot_on_failure
from accord_testing.world import World

from .ewp_support import make_exportable, partner_document

pytestmark = pytest.mark.browser


def test_officer_imports_the_partner_copy_and_maps_it(
    transactional_db: Any,
    world: World,
    page: Any,
    tmp_path: Any,
) -> None:
    make_exportable(world.agreement)
    document = tmp_path / "partner-iia.xml"
    document.write_bytes(partner_document(world.agreement))
    sign_in(page, "officer")
    try:
        page.goto(f"/agreements/{world.agreement.pk}/")
        page.get_by_role("link", name="Import the partner's copy").click()
        page.get_by_label("IIAs get-response (XML)").set_input_files(str(document))
        page.get_by_role("button", name="Import").click()
        page.get_by_role("heading", name="The copies differ: 2 differences").wait_for()
        assert page.locator("tr.differs").count() == 2
        page.get_by_role("button", name="Record their iia-id and code").click()
        page.get_by_role("heading", name="The partner's copy states exactly our agreement").wait_for()
        assert page.locator("tr.differs").count() == 0
        page.get_by_role("link", name="Our agreement", exact=True).first.click()
        page.get_by_text("hashes match").wait_for()
    except Exception:
        snapshot_on_failure(page, "ewp-import")
        raise
    assert PartnerIiaCopy.objects.get().agreement_id == world.agreement.pk
