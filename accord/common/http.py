"""Request types for views behind @login_required, so that type checkers know what the middleware adds."""

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from accord.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: "User"
    htmx: HtmxDetails
