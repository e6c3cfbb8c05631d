"""What the holder of a signing link may do: sign or return the proposal it was sent for, once, while open.

Sending and revoking links is our side's (`accord.learning.permissions.coordinates`).
"""

from accord.learning.models import ProposalStatus, SigningInvitation


def can_act_through(invitation: SigningInvitation) -> bool:
    return invitation.used_at is None and invitation.proposal.status == ProposalStatus.OPEN
