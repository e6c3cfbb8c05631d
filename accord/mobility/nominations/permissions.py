"""Who may send a nomination to its host, and who answers it."""

from accord.accounts.models import User
from accord.accounts.scope import partner_institution_id
from accord.common.access import role_of
from accord.common.roles import Role
from accord.mobility.models import Direction, Mobility, MobilityStatus
from accord.mobility.permissions import can_edit_mobility

# A nomination is sent (or a reminder) while the host has not answered.
SENDABLE = (MobilityStatus.PLANNED, MobilityStatus.NOMINATED)


def can_send_nomination(user: User | None, mobility: Mobility) -> bool:
    return mobility.direction == Direction.OUTGOING and can_edit_mobility(user, mobility)


def can_decide_nomination(user: User | None, mobility: Mobility) -> bool:
    """The host answers: the partner's contacts for ours, our office for theirs.

    The office may also record the partner's answer to one of ours, received by e-mail.
    """
    if mobility.direction == Direction.INCOMING:
        return can_edit_mobility(user, mobility)
    if role_of(user) == Role.PARTNER:
        return partner_institution_id(user) == mobility.host_institution_id
    return can_edit_mobility(user, mobility)


def can_send_nomination_now(user: User, mobility: Mobility) -> bool:
    """Whether the mobility's page offers to send (or remind): allowed, and not answered yet."""
    return can_send_nomination(user, mobility) and mobility.status in SENDABLE


def can_decide_nomination_now(user: User, mobility: Mobility) -> bool:
    """Whether the mobility's page offers an answer: allowed, pending, and (if ours) sent to the host."""
    return (
        can_decide_nomination(user, mobility)
        and mobility.status == MobilityStatus.NOMINATED
        and (mobility.direction == Direction.INCOMING or mobility.nomination_sent_at is not None)
    )
