"""The writers of user accounts: creating one (the `accord createuser` command; the admin site uses Django's
own forms) and changing a password (the product's page; the admin's password form records the same event)."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from accord.accounts.errors import AccountsErrorCode
from accord.accounts.models import User
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.common.roles import Role
from accord.institutions.models import Institution, OrganisationalUnit


def user_create(
    *,
    username: str,
    role: str,
    email: str,
    password: str,
    unit_codes: list[str],
    partner_institution_id: int | None,
    actor: User | None,
    via: str,
) -> User:
    """A new account with its scope: a coordinator's units of our institution, a partner's institution."""
    if role not in Role.values:
        raise DomainError(ErrorCode.INVALID_CHOICE, f"Unknown role {role!r}.", field="role")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(ErrorCode.DUPLICATE, f"A user named {username!r} already exists.", field="username")
    if unit_codes and role != Role.COORDINATOR:
        raise DomainError(ErrorCode.INVALID, "Only coordinators have units.", field="units")
    if (partner_institution_id is not None) != (role == Role.PARTNER):
        raise DomainError(
            ErrorCode.INVALID, "A partner contact, and only a partner contact, needs --partner-institution."
        )
    units = list(OrganisationalUnit.objects.filter(institution__is_home=True, code__in=unit_codes))
    missing = sorted(set(unit_codes) - {u.code for u in units})
    if missing:
        raise DomainError(
            AccountsErrorCode.UNKNOWN_UNIT,
            f"No unit of our institution has the code(s) {', '.join(missing)}.",
        )
    partner = (
        Institution.objects.filter(pk=partner_institution_id, is_home=False).first()
        if partner_institution_id is not None
        else None
    )
    if partner_institution_id is not None and partner is None:
        raise DomainError(
            AccountsErrorCode.UNKNOWN_INSTITUTION,
            f"No partner institution has the id {partner_institution_id}.",
        )
    user = User(
        username=username, email=email, role=role, is_staff=role == Role.ADMIN, partner_institution=partner
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(AccountsErrorCode.WEAK_PASSWORD, " ".join(exc.messages), field="password") from exc
    user.set_password(password)
    with transaction.atomic():
        user.save()
        user.units.set(units)
        data = {
            "role": role,
            "units": [u.code for u in units],
            "partner_institution": partner_institution_id,
            "via": via,
        }
        audit.record(actor=actor, action="user.created", target=user, data=data)
    return user


@transaction.atomic
def user_password_change(*, user: User, new_password: str, actor: User) -> None:
    """Set a new password; the audit event says who changed it, never what it is."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record_password_changed(user=user, actor=actor)


def record_password_changed(*, user: User, actor: User) -> None:
    audit.record(
        actor=actor,
        action="user.password_changed",
        target=user,
        data={"by_self": actor.pk == user.pk},
    )
