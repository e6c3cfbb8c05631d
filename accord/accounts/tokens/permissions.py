"""Who manages whose API tokens: their owner, and an administrator."""

from django.http import Http404

from accord.accounts.models import ApiToken, User
from accord.common.access import is_active_user, role_of
from accord.common.roles import Role


def can_manage_tokens(actor: User | None, user: User) -> bool:
    return (
        actor is not None and is_active_user(actor) and (actor.pk == user.pk or role_of(actor) == Role.ADMIN)
    )


def get_token_for_user(user: User, token_id: int) -> ApiToken:
    """Someone else's token is as missing as a token that does not exist."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise Http404("No such token.")
    return token
