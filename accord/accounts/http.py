"""The request type of views behind @login_required, so that type checkers know what the middleware adds."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from accord.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails
