"""The token of a private signing link, and the invitation it stands for while it is still good.

The token is ``django.core.signing`` over the invitation's id (salted for this use, so that no other signed
value of Accord can pass for it). It expires after ``ACCORD_LA_LINK_DAYS`` days (default 30), when the
invitation is revoked or replaced, once it has been used to sign, or when the proposal it was sent for is
closed.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from accord.common.errors import DomainError
from accord.learning.errors import LearningErrorCode
from accord.learning.models import SigningInvitation

SALT = "accord.learning.signing-link"
DEFAULT_LINK_DAYS = 30


def link_days() -> int:
    return int(getattr(settings, "ACCORD_LA_LINK_DAYS", DEFAULT_LINK_DAYS))


def token_for(invitation: SigningInvitation) -> str:
    return signing.dumps({"invitation": invitation.pk}, salt=SALT, compress=True)


def link_path(invitation: SigningInvitation) -> str:
    return reverse("learning:link", args=[token_for(invitation)])


def invitation_from_token(token: str, *, now: dt.datetime | None = None) -> SigningInvitation:
    """The invitation a token names, if still good; otherwise one and the same error for every case."""
    expired = DomainError(
        LearningErrorCode.LINK_INVALID, "This link is invalid or has expired. Ask for a new one."
    )
    try:
        payload = signing.loads(token, salt=SALT, max_age=dt.timedelta(days=link_days()))
    except signing.BadSignature as exc:  # SignatureExpired is a BadSignature
        raise expired from exc
    invitation_id = payload.get("invitation") if isinstance(payload, dict) else None
    if not isinstance(invitation_id, int):
        raise expired
    invitation = (
        SigningInvitation.objects.select_related("proposal__learning_agreement__mobility__person")
        .filter(pk=invitation_id)
        .first()
    )
    moment = now or timezone.now()
    if invitation is None or invitation.revoked_at is not None or invitation.expires_at <= moment:
        raise expired
    return invitation
