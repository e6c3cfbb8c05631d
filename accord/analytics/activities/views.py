"""Pages of research and surveys with partners: the list, recording or editing one, removing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accord.accounts.http import AuthenticatedRequest
from accord.analytics.activities import services
from accord.analytics.activities.forms import ActivityForm
from accord.analytics.activities.permissions import (
    can_record_activity,
    can_start_activity,
    get_activity_for_user,
)
from accord.analytics.activities.selectors import activities_visible_to
from accord.analytics.models import PartnerActivity
from accord.analytics.permissions import require_reader
from accord.common.access import require
from accord.common.actions import form_action
from accord.common.pagination import paginate
from accord.engines.identifiers import format_academic_year

NAV = {"nav_section": "analytics"}


@login_required
@require_GET
def activity_list(request: AuthenticatedRequest) -> HttpResponse:
    require_reader(request.user)
    page = paginate(request, activities_visible_to(request.user).order_by("-academic_year_id", "-id"))
    context = {"page": page, "can_record": can_start_activity(request.user), **NAV}
    return render(request, "analytics/activities.html", context)


def _activity_input(form: ActivityForm) -> services.ActivityInput:
    data = form.cleaned_data
    return services.ActivityInput(
        institution_id=data["institution"].pk,
        kind=data["kind"],
        academic_year=data["academic_year"],
        title=data["title"],
        count=data["count"],
        rating=data["rating"],
        unit_id=data["unit"].pk if data["unit"] else None,
        notes=data["notes"],
    )


def _initial(activity: PartnerActivity | None) -> dict[str, object]:
    if activity is None:
        return {}
    return {
        "institution": activity.institution_id,
        "kind": activity.kind,
        "academic_year": format_academic_year(activity.academic_year_id),
        "title": activity.title,
        "count": activity.count,
        "rating": activity.rating,
        "unit": activity.unit_id,
        "notes": activity.notes,
    }


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    require_reader(request.user)
    activity = get_activity_for_user(request.user, pk, write=True) if pk is not None else None
    if activity is None:
        require(can_start_activity(request.user))
    form = ActivityForm(request.POST or None, initial=_initial(activity), actor=request.user)

    def save() -> PartnerActivity:
        data = _activity_input(form)
        # The unit is chosen in the form: a coordinator may record only for their own units.
        require(can_record_activity(request.user, data.unit_id))
        if activity is None:
            return services.activity_create(data=data, actor=request.user)
        return services.activity_update(activity=activity, data=data, actor=request.user)

    outcome = form_action(request, form, save)
    if outcome.done:
        messages.success(request, "Activity saved.")
        return redirect("analytics:activities")
    context = {"form": form, "activity": activity, **NAV}
    return render(request, "analytics/activity_form.html", context, status=outcome.status)


@login_required
@require_http_methods(["GET", "POST"])
def activity_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk, write=True)
    if request.method == "POST":
        services.activity_delete(activity=activity, actor=request.user)
        messages.success(request, "Activity removed.")
        return redirect("analytics:activities")
    context = {"object": activity, "cancel": "analytics:activities", **NAV}
    return render(request, "analytics/confirm_delete.html", context)
