"""Who may register people and record, change or delete mobilities."""

from typing import Any

from accord.accounts.models import User
from accord.accounts.scope import unit_ids_in_scope
from accord.common.access import get_visible_or_404, reads_everything, require, role_of, writes_everything
from accord.common.roles import Role
from accord.mobility.models import Mobility, Person
from accord.mobility.selectors import mobilities_visible_to, people_visible_to


def can_create_mobility(user: User | None) -> bool:
    return writes_everything(user) or role_of(user) == Role.COORDINATOR


def can_use_unit(user: User | None, unit_id: int | None) -> bool:
    if writes_everything(user):
        return True
    return role_of(user) == Role.COORDINATOR and unit_id is not None and unit_id in unit_ids_in_scope(user)


def can_edit_mobility(user: User | None, mobility: Mobility) -> bool:
    if writes_everything(user):
        return True
    return role_of(user) == Role.COORDINATOR and mobility.unit_id in unit_ids_in_scope(user)


def can_read_mobility_history(user: User, mobility: Mobility) -> bool:
    """Who changed what (inclusion notes included) is the office's record, not the student's or partner's."""
    return can_edit_mobility(user, mobility) or reads_everything(user)


def get_mobility_for_user(user: User, mobility_id: Any, *, write: bool = False) -> Mobility:
    mobility = get_visible_or_404(mobilities_visible_to(user), mobility_id)
    if write:
        require(can_edit_mobility(user, mobility))
    return mobility


def get_person_for_user(user: User, person_id: Any, *, write: bool = False) -> Person:
    person = get_visible_or_404(people_visible_to(user), person_id)
    if write:
        require(can_create_mobility(user))
    return person
