"""The only writers of personal API tokens.

The secret is shown to its owner once; only its SHA-256 hash is stored, so a leaked database leaks no tokens.
A fast hash is enough here (unlike passwords): the secret is 40 random characters, not chosen by a person.
"""

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from accord.accounts.errors import AccountsErrorCode
from accord.accounts.models import ApiToken, User
from accord.accounts.tokens.permissions import can_manage_tokens
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode

SECRET_PREFIX = "acc_"  # noqa: S105 - a marker that makes leaked tokens easy to scan for, not a secret
PREFIX_LENGTH = 12  # "acc_" and 8 random characters: enough to tell tokens apart in a list, useless to guess
MAX_ACTIVE_TOKENS = 20
NAME_MAX_LENGTH = 100  # ApiToken.name
# Writing last_used_at on every request would turn each API read into a write; once a minute is plenty.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str, actor: User) -> tuple[ApiToken, str]:
    """A new token for `user` and its secret, which the caller must show once and never store."""
    if not can_manage_tokens(actor, user):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may only create API tokens for yourself.")
    if not user.is_active:
        raise DomainError(ErrorCode.INVALID_STATE, "Inactive accounts cannot have API tokens.")
    name = name.strip()
    if not name:
        raise DomainError(
            ErrorCode.REQUIRED, "Give the token a name, e.g. the script that will use it.", field="name"
        )
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError(ErrorCode.TOO_LONG, "Keep the name under 100 characters.", field="name")
    # Locking the user row makes the limit hold under concurrent requests.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if user.api_tokens.filter(revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise DomainError(
            AccountsErrorCode.TOO_MANY_TOKENS,
            f"You already have {MAX_ACTIVE_TOKENS} active tokens; revoke one first.",
            field="name",
        )
    secret = SECRET_PREFIX + secrets.token_urlsafe(30)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[:PREFIX_LENGTH], token_hash=hash_secret(secret)
    )
    audit.record(
        actor=actor,
        action="api_token.created",
        target=token,
        data={"user": user.pk, "name": name, "prefix": token.prefix},
    )
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: User, now: dt.datetime | None = None) -> ApiToken:
    """Revoke at once; revoking an already revoked token changes nothing (a double click is not an error)."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if not can_manage_tokens(actor, token.user):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may only revoke your own API tokens.")
    if token.revoked_at is not None:
        return token
    token.revoked_at = now or timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        action="api_token.revoked",
        target=token,
        data={"user": token.user_id, "prefix": token.prefix},
    )
    return token


def token_authenticate(secret: str, *, now: dt.datetime | None = None) -> User | None:
    """The active user a secret belongs to, or None; records when the token was last used (not audited)."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_secret(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
