"""Who may read, edit and sign a learning agreement, and for which side.

Reading follows the mobility (student: their own; coordinator: their units; partner contact: mobilities to or
from their institution). The student signs as the student; our side (the coordinator of the mobility's unit,
or the international office) signs as sending for an outgoing mobility and as receiving for an incoming one;
the partner's contact signs for the other side, in Accord or through an e-mailed link.
"""

from typing import Any

from accord.accounts.models import User
from accord.accounts.scope import partner_institution_id, unit_ids_in_scope
from accord.common.access import get_visible_or_404, require, role_of, writes_everything
from accord.common.roles import Role
from accord.learning.models import LearningAgreement, SignerRole
from accord.learning.selectors import learning_agreements_visible_to, mobilities_without_agreement
from accord.mobility.models import Direction, Mobility
from accord.mobility.selectors import mobilities_visible_to


def home_side_role(mobility: Mobility) -> SignerRole:
    return SignerRole.SENDING if mobility.direction == Direction.OUTGOING else SignerRole.RECEIVING


def partner_side_role(mobility: Mobility) -> SignerRole:
    return SignerRole.RECEIVING if mobility.direction == Direction.OUTGOING else SignerRole.SENDING


def partner_institution_of(mobility: Mobility) -> int:
    return (
        mobility.host_institution_id
        if mobility.direction == Direction.OUTGOING
        else mobility.home_institution_id
    )


def is_own_student(user: User, mobility: Mobility) -> bool:
    return role_of(user) == Role.STUDENT and mobility.person.user_id == user.pk


def coordinates(user: User, mobility: Mobility) -> bool:
    """The international office, or a coordinator of the mobility's unit (or of its agreement's unit)."""
    if writes_everything(user):
        return True
    if role_of(user) != Role.COORDINATOR:
        return False
    units = unit_ids_in_scope(user)
    owner_unit = mobility.agreement.owner_unit_id if mobility.agreement is not None else None
    return mobility.unit_id in units or (owner_unit is not None and owner_unit in units)


def is_partner_contact_for(user: User, mobility: Mobility) -> bool:
    institution = partner_institution_id(user)
    return institution is not None and institution == partner_institution_of(mobility)


def signer_roles(user: User | None, la: LearningAgreement) -> set[str]:
    mobility = la.mobility
    roles: set[str] = set()
    if user is None:  # the holder of a signing link signs for the party its invitation names
        return roles
    if is_own_student(user, mobility):
        roles.add(SignerRole.STUDENT)
    if coordinates(user, mobility):
        roles.add(home_side_role(mobility))
    if is_partner_contact_for(user, mobility):
        roles.add(partner_side_role(mobility))
    return roles


def can_edit_learning_agreement(user: User, la: LearningAgreement) -> bool:
    return is_own_student(user, la.mobility) or coordinates(user, la.mobility)


def can_take_part(user: User | None, la: LearningAgreement) -> bool:
    """Parties may comment and (for the institutions) return a proposal: everyone who signs or edits."""
    if user is None:
        return False
    return can_edit_learning_agreement(user, la) or is_partner_contact_for(user, la.mobility)


def can_start_learning_agreement(user: User, mobility: Mobility) -> bool:
    return is_own_student(user, mobility) or coordinates(user, mobility)


STARTING_ROLES = frozenset({Role.STUDENT, Role.COORDINATOR, Role.OFFICER, Role.ADMIN})
# Below this many characters a search would offer every mobility in scope: nothing is offered instead.
MIN_START_SEARCH = 2


def startable_mobilities(user: User, q: str = "") -> list[Mobility]:
    """Where to start an agreement from: a student's own mobilities; for our side, those of a person found."""
    role = role_of(user)
    if role not in STARTING_ROLES:
        return []
    if role == Role.STUDENT:
        return mobilities_without_agreement(actor=user)
    return mobilities_without_agreement(actor=user, q=q) if len(q) >= MIN_START_SEARCH else []


def get_learning_agreement_for_user(user: User, la_id: Any, *, write: bool = False) -> LearningAgreement:
    la = get_visible_or_404(learning_agreements_visible_to(user).select_related("mobility__person"), la_id)
    if write:
        require(can_take_part(user, la))
    return la


def get_mobility_for_learning(user: User, mobility_id: Any) -> Mobility:
    return get_visible_or_404(mobilities_visible_to(user).select_related("person", "agreement"), mobility_id)


def can_return_proposal(user: User, la: LearningAgreement) -> bool:
    """Only the institutions return a proposal; the student edits or comments instead."""
    return bool(signer_roles(user, la) - {SignerRole.STUDENT})
