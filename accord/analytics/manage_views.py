"""Pages that change analytics data: settings, reach goals, partner activities."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accord.analytics import services
from accord.analytics.forms import ActivityForm, GoalForm, SettingsForm
from accord.analytics.permissions import (
    activities_visible_to,
    can_manage_analytics,
    can_record_activity,
    get_activity_for_user,
    get_goal_for_user,
    require_reader,
)
from accord.analytics.settings_store import analytics_settings
from accord.common.access import require, role_of
from accord.common.errors import DomainError
from accord.common.forms import attach_domain_error
from accord.common.pagination import paginate
from accord.common.roles import Role
from accord.engines.health import INDICATORS
from accord.engines.identifiers import format_academic_year

NAV = {"nav_section": "analytics"}


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    require(can_manage_analytics(request.user))
    current = analytics_settings()
    initial = {
        "imbalance_threshold": current.imbalance_threshold,
        "at_risk_below": current.at_risk_below,
        "dormant_after_years": current.dormant_after_years,
        "version": current.version,
        **{f"weight_{code}": current.weights.get(code, 0) for code in INDICATORS},
    }
    form = SettingsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = services.SettingsInput(
                imbalance_threshold=form.cleaned_data["imbalance_threshold"],
                at_risk_below=form.cleaned_data["at_risk_below"],
                dormant_after_years=form.cleaned_data["dormant_after_years"],
                weights=form.weights(),
            )
            try:
                services.settings_update(
                    data=data, actor=request.user, expected_version=form.cleaned_data["version"]
                )
            except DomainError as error:
                attach_domain_error(form, error)
                status = error.http_status
            else:
                messages.success(request, "Settings saved. Scores use them from the next refresh.")
                return redirect("analytics:settings")
    return render(request, "analytics/settings.html", {"form": form, **NAV}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    require(can_manage_analytics(request.user))
    form = GoalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.goal_create(data=services.GoalInput(**form.cleaned_data), actor=request.user)
            except DomainError as error:
                attach_domain_error(form, error)
                status = error.http_status
            else:
                messages.success(request, "Goal added.")
                return redirect("analytics:reach")
    return render(request, "analytics/goal_form.html", {"form": form, **NAV}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_goal_for_user(request.user, pk, write=True)
    if request.method == "POST":
        services.goal_delete(goal=goal, actor=request.user)
        messages.success(request, "Goal removed.")
        return redirect("analytics:reach")
    return render(
        request, "analytics/confirm_delete.html", {"object": goal, "cancel": "analytics:reach", **NAV}
    )


@login_required
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    page = paginate(request, activities_visible_to(request.user).order_by("-academic_year_id", "-id"))
    context = {
        "page": page,
        "can_record": can_record_activity(request.user) or role_of(request.user) == Role.COORDINATOR,
        **NAV,
    }
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


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_reader(request.user)
    activity = get_activity_for_user(request.user, pk, write=True) if pk is not None else None
    if activity is None:
        require(can_manage_analytics(request.user) or role_of(request.user) == Role.COORDINATOR)
    initial = {}
    if activity is not None:
        initial = {
            "institution": activity.institution_id,
            "kind": activity.kind,
            "academic_year": format_academic_year(activity.academic_year_id),
            "title": activity.title,
            "count": activity.count,
            "rating": activity.rating,
            "unit": activity.unit_id,
            "notes": activity.notes,
        }
    form = ActivityForm(request.POST or None, initial=initial, actor=request.user)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = _activity_input(form)
            try:
                require(can_record_activity(request.user, data.unit_id))
                if activity is None:
                    services.activity_create(data=data, actor=request.user)
                else:
                    services.activity_update(activity=activity, data=data, actor=request.user)
            except DomainError as error:
                attach_domain_error(form, error, field_map={"institution": "institution"})
                status = error.http_status
            else:
                messages.success(request, "Activity saved.")
                return redirect("analytics:activities")
    context = {"form": form, "activity": activity, **NAV}
    return render(request, "analytics/activity_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk, write=True)
    if request.method == "POST":
        services.activity_delete(activity=activity, actor=request.user)
        messages.success(request, "Activity removed.")
        return redirect("analytics:activities")
    context = {"object": activity, "cancel": "analytics:activities", **NAV}
    return render(request, "analytics/confirm_delete.html", context)
