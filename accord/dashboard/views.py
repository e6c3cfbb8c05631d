"""The home page: the actor's numbers for this academic year and what needs attention soon."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accord.accounts.http import AuthenticatedRequest
from accord.common.access import role_of
from accord.dashboard import selectors
from accord.dashboard.permissions import lists_own_mobilities, sees_agreements

STARTING_WITHIN_DAYS = 30


@login_required
@require_GET
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    actor, today = request.user, timezone.localdate()
    expiring = selectors.expiring_agreements(
        actor=actor, today=today, within_days=settings.ACCORD_EXPIRY_NOTICE_DAYS
    )
    for agreement in expiring.items:
        agreement.days_left = selectors.expiry_days(agreement, today)
    context = {
        "role": role_of(actor),
        "overview": selectors.overview(actor=actor, today=today),
        "sees_agreements": sees_agreements(actor),
        "expiring": expiring,
        "expiry_days": settings.ACCORD_EXPIRY_NOTICE_DAYS,
        "starting": selectors.mobilities_starting(actor=actor, today=today, within_days=STARTING_WITHIN_DAYS),
        "starting_days": STARTING_WITHIN_DAYS,
        "own": selectors.own_mobilities(actor=actor) if lists_own_mobilities(actor) else None,
    }
    return render(request, "dashboard/home.html", context)
