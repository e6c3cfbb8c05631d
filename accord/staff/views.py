"""Staff mobility pages: list, file an application, its page, approve or reject."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accord.accounts.http import AuthenticatedRequest
from accord.common.access import require
from accord.common.actions import form_action, post_action
from accord.common.audit import history_for
from accord.common.pagination import paginate
from accord.staff.forms import StaffApplicationForm, StaffFilterForm, StaffRejectForm
from accord.staff.permissions import (
    can_decide_application_now,
    can_file_application,
    can_withdraw_application_now,
    get_application_for_user,
)
from accord.staff.selectors import staff_application_list
from accord.staff.services import (
    staff_application_approve,
    staff_application_create,
    staff_application_reject,
    staff_application_withdraw,
)


@login_required
@require_GET
def application_list(request: AuthenticatedRequest) -> HttpResponse:
    form = StaffFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = staff_application_list(
        actor=request.user,
        q=data.get("q") or "",
        status=data.get("status") or "",
        mobility_type=data.get("mobility_type") or "",
        academic_year=data.get("academic_year"),
    )
    context = {
        "form": form,
        "page": paginate(request, qs),
        "filtered": any(data.values()),
        "can_create": can_file_application(request.user),
    }
    return render(request, "staff/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request: AuthenticatedRequest) -> HttpResponse:
    require(can_file_application(request.user))
    form = StaffApplicationForm(request.POST or None, actor=request.user)
    outcome = form_action(
        request, form, lambda: staff_application_create(data=form.to_input(), actor=request.user)
    )
    if outcome.done and outcome.result is not None:
        messages.success(request, "Application filed.")
        return redirect("staff:detail", pk=outcome.result.pk)
    # Refused or invalid, the form is shown again with its errors, and the page answers 200.
    return render(request, "staff/form.html", {"form": form})


@login_required
@require_GET
def application_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk)
    context = {
        "application": application,
        "can_decide": can_decide_application_now(request.user, application),
        "can_withdraw": can_withdraw_application_now(request.user, application),
        "events": history_for(application),
    }
    return render(request, "staff/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def application_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, decide=True)
    if request.method == "POST":
        return post_action(
            request,
            lambda: staff_application_approve(application=application, actor=request.user),
            then=lambda approved: reverse("mobility:detail", args=[approved.mobility_id]),
            done="Approved: the staff mobility is created; nominate it to the partner from its page.",
            on_error=reverse("staff:detail", args=[pk]),
        )
    return render(request, "staff/decide.html", {"application": application, "approve": True})


@login_required
@require_http_methods(["GET", "POST"])
def application_reject(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, decide=True)
    form = StaffRejectForm(request.POST or None)
    outcome = form_action(
        request,
        form,
        lambda: staff_application_reject(
            application=application, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        refused_to=reverse("staff:detail", args=[pk]),
    )
    if outcome.redirect_to:
        return redirect(outcome.redirect_to)
    if outcome.done:
        messages.success(request, "Application rejected.")
        return redirect("staff:detail", pk=pk)
    # Invalid, or a reason refused, the form is shown again with its errors, and the page answers 200.
    return render(request, "staff/decide.html", {"application": application, "approve": False, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, withdraw=True)
    if request.method == "POST":
        return post_action(
            request,
            lambda: staff_application_withdraw(application=application, actor=request.user),
            then=reverse("staff:detail", args=[pk]),
            done="Application withdrawn.",
        )
    return render(request, "staff/withdraw.html", {"application": application})
