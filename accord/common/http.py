"""The request type of views behind @login_required in the apps below accounts (institutions, common).

Those apps may not import the `User` model (accounts sits above them), so their views see the signed-in user
as the `Actor` the shared access rules read; the apps above accounts use `accounts.http.AuthenticatedRequest`.
"""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from accord.common.roles import Actor


class ActorRequest(HttpRequest):
    # The same object as HttpRequest.user (accounts.User is an Actor), seen through the protocol.
    user: Actor  # type: ignore[assignment]
    htmx: HtmxDetails
