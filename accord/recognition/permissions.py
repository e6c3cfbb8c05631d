"""Who may read and change transcripts and recognition decisions, and who sees the office's recognition pages.

Transcripts follow the mobility: whoever may edit the mobility (the office, the coordinator of its unit) keeps
its transcript, and whoever may see the mobility reads it (the student, the partner that issued it). A
recognition decision is our own act: partner contacts never see it, and only the coordinator of the
mobility's unit (or an administrator) signs it; the office prepares it. Grade tables have their own rules in
`grade_tables/permissions.py`.
"""

from typing import Any

from django.http import Http404

from accord.accounts.models import User
from accord.accounts.scope import unit_ids_in_scope
from accord.common.access import get_visible_or_404, reads_everything, require, role_of
from accord.common.roles import Role
from accord.mobility.models import Mobility
from accord.mobility.permissions import can_edit_mobility
from accord.mobility.selectors import mobilities_visible_to


def can_read_recognition(user: User | None) -> bool:
    """Partner contacts never see our internal decisions (they read the transcript their side issued)."""
    return role_of(user) != Role.PARTNER


def can_see_recognition_queue(user: User) -> bool:
    # Students and partner contacts reach their own records from the mobility; the queue is the office's.
    return role_of(user) not in (Role.STUDENT, Role.PARTNER)


def can_see_partner_outcomes(user: User) -> bool:
    """Whole-portfolio figures: for the roles that read everything."""
    return reads_everything(user)


def can_see_transcript_history(user: User) -> bool:
    # Partner contacts read the transcript their institution issued, not our history of its edits.
    return role_of(user) != Role.PARTNER


def can_keep_records(user: User | None, mobility: Mobility) -> bool:
    return can_edit_mobility(user, mobility)


def can_sign_recognition(user: User | None, mobility: Mobility) -> bool:
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    return (
        role == Role.COORDINATOR
        and mobility.unit_id is not None
        and mobility.unit_id in unit_ids_in_scope(user)
    )


def can_prepare_recognition(user: User | None, mobility: Mobility) -> bool:
    """The office prepares the draft; the coordinator who signs may also edit it."""
    return can_keep_records(user, mobility) or can_sign_recognition(user, mobility)


def get_transcript_mobility_for_user(user: User, mobility_id: Any, *, write: bool = False) -> Mobility:
    mobility = get_visible_or_404(mobilities_visible_to(user), mobility_id)
    if write:
        require(can_keep_records(user, mobility))
    return mobility


def get_recognition_mobility_for_user(user: User, mobility_id: Any, *, write: bool = False) -> Mobility:
    if not can_read_recognition(user):
        # The same answer as for a mobility they may not see at all.
        raise Http404("Not found")
    mobility = get_visible_or_404(mobilities_visible_to(user), mobility_id)
    if write:
        require(can_prepare_recognition(user, mobility))
    return mobility
