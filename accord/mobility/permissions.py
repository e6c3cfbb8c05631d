from typing import Any

from accord.accounts.scope import partner_institution_id, unit_ids_in_scope
from accord.common.access import get_visible_or_404, require, role_of, writes_everything
from accord.mobility.models import Direction, Mobility, Person
from accord.mobility.selectors import mobilities_visible_to, people_visible_to


def can_create_mobility(user: Any) -> bool:
    return writes_everything(user) or role_of(user) == "coordinator"


def can_use_unit(user: Any, unit_id: int | None) -> bool:
    if writes_everything(user):
        return True
    return role_of(user) == "coordinator" and unit_id is not None and unit_id in unit_ids_in_scope(user)


def can_edit_mobility(user: Any, mobility: Mobility) -> bool:
    if writes_everything(user):
        return True
    return role_of(user) == "coordinator" and mobility.unit_id in unit_ids_in_scope(user)


def can_send_nomination(user: Any, mobility: Mobility) -> bool:
    return mobility.direction == Direction.OUTGOING and can_edit_mobility(user, mobility)


def can_decide_nomination(user: Any, mobility: Mobility) -> bool:
    """The host answers: the partner's contacts for ours, our office for theirs.

    The office may also record the partner's answer to one of ours, received by e-mail.
    """
    if mobility.direction == Direction.INCOMING:
        return can_edit_mobility(user, mobility)
    if role_of(user) == "partner":
        return partner_institution_id(user) == mobility.host_institution_id
    return can_edit_mobility(user, mobility)


def get_mobility_for_user(user: Any, mobility_id: Any, *, write: bool = False) -> Mobility:
    mobility = get_visible_or_404(mobilities_visible_to(user), mobility_id)
    if write:
        require(can_edit_mobility(user, mobility))
    return mobility


def get_person_for_user(user: Any, person_id: Any, *, write: bool = False) -> Person:
    person = get_visible_or_404(people_visible_to(user), person_id)
    if write:
        require(can_create_mobility(user))
    return person
