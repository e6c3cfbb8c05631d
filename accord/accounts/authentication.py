"""How the API knows who is calling: a personal API token, or the browser session of the HTML pages."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from accord.accounts.models import User
from accord.accounts.tokens.services import token_authenticate
from accord.common.api_support import CsrfFailed


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a personal API token (see /accounts/tokens/)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token.strip())
        if user is None:
            raise AuthenticationError(
                message="This API token is unknown, revoked, or its account is inactive."
            )
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser session, as in the HTML pages; unsafe methods need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return None  # the session is read by Django's middleware; CSRF is checked once the user is known

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        # A request that presents a token is judged by the token alone, never by a cookie riding along.
        if (
            "Authorization" in request.headers
            or not request.user.is_authenticated
            or not request.user.is_active
        ):
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise CsrfFailed()
        return request.user


def actor_of(request: HttpRequest) -> User:
    """The user an API operation acts for (every operation requires one of the two authentications above)."""
    user: User = request.auth  # type: ignore[attr-defined]
    return user
