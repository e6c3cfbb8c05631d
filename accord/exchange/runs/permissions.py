"""Who may see and publish runs and answer offers: runs are the office's (auditors read them), an offer is
its student's to answer."""

from typing import Any

from accord.accounts.models import User
from accord.common.access import get_visible_or_404, require
from accord.exchange.models import Offer, Run
from accord.exchange.permissions import can_manage_calls, is_applicant
from accord.exchange.runs.selectors import offers_visible_to, runs_visible_to


def get_run_for_user(user: User, run_id: Any, *, write: bool = False) -> Run:
    run = get_visible_or_404(runs_visible_to(user).select_related("call"), run_id)
    if write:
        require(can_manage_calls(user))
    return run


def get_offer_for_user(user: User, offer_id: Any, *, respond: bool = False) -> Offer:
    offer = get_visible_or_404(
        offers_visible_to(user).select_related("application__person", "place__partner", "run"), offer_id
    )
    if respond:
        require(is_applicant(user, offer.application))
    return offer
