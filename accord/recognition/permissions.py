"""Who may read and change transcripts, recognition decisions and grade tables.

Transcripts follow the mobility: whoever may edit the mobility (the office, the coordinator of its unit) keeps
its transcript, and whoever may see the mobility reads it (the student, the partner that issued it). A
recognition decision is our own act: partner contacts never see it, and only the coordinator of the
mobility's unit (or an administrator) signs it; the office prepares it.
"""

from typing import Any

from accord.accounts.scope import unit_ids_in_scope
from accord.common.access import get_visible_or_404, require, role_of, writes_everything
from accord.common.roles import Role
from accord.mobility.models import Mobility
from accord.mobility.permissions import can_edit_mobility
from accord.mobility.selectors import mobilities_visible_to
from accord.recognition.models import GradeTable
from accord.recognition.selectors import recognition_visible_to


def can_keep_records(user: Any, mobility: Mobility) -> bool:
    return can_edit_mobility(user, mobility)


def can_sign_recognition(user: Any, mobility: Mobility) -> bool:
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    return (
        role == Role.COORDINATOR
        and mobility.unit_id is not None
        and mobility.unit_id in unit_ids_in_scope(user)
    )


def can_write_grade_tables(user: Any) -> bool:
    return writes_everything(user)


def get_transcript_mobility_for_user(user: Any, mobility_id: Any, *, write: bool = False) -> Mobility:
    mobility = get_visible_or_404(mobilities_visible_to(user), mobility_id)
    if write:
        require(can_keep_records(user, mobility))
    return mobility


def get_recognition_mobility_for_user(user: Any, mobility_id: Any, *, write: bool = False) -> Mobility:
    mobility = get_visible_or_404(recognition_visible_to(user), mobility_id)
    if write:
        require(can_keep_records(user, mobility) or can_sign_recognition(user, mobility))
    return mobility


def get_grade_table_for_user(user: Any, table_id: Any, *, write: bool = False) -> GradeTable:
    table = get_visible_or_404(GradeTable.objects.select_related("institution", "isced"), table_id)
    if write:
        require(can_write_grade_tables(user))
    return table
