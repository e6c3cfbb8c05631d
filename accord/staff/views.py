"""Staff mobility pages: list, file an application, its page, approve or reject."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accord.common.access import require
from accord.common.audit import history_for
from accord.common.errors import DomainError
from accord.common.forms import attach_domain_error
from accord.common.http import AuthenticatedRequest
from accord.common.pagination import paginate
from accord.staff.forms import StaffApplicationForm, StaffFilterForm, StaffRejectForm
from accord.staff.models import ApplicationStatus
from accord.staff.permissions import (
    can_decide_application,
    can_file_application,
    can_withdraw_application,
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
    if request.method == "POST" and form.is_valid():
        try:
            application = staff_application_create(data=form.to_input(), actor=request.user)
        except DomainError as err:
            attach_domain_error(form, err)
        else:
            messages.success(request, "Application filed.")
            return redirect("staff:detail", pk=application.pk)
    return render(request, "staff/form.html", {"form": form})


@login_required
@require_GET
def application_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk)
    context = {
        "application": application,
        "can_decide": application.status == ApplicationStatus.SUBMITTED
        and can_decide_application(request.user, application),
        "can_withdraw": application.status == ApplicationStatus.SUBMITTED
        and can_withdraw_application(request.user, application),
        "events": history_for(application),
    }
    return render(request, "staff/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def application_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, decide=True)
    if request.method == "POST":
        try:
            application = staff_application_approve(application=application, actor=request.user)
        except DomainError as err:
            messages.error(request, err.message)
            return redirect("staff:detail", pk=pk)
        messages.success(
            request, "Approved: the staff mobility is created; nominate it to the partner from its page."
        )
        return redirect("mobility:detail", pk=application.mobility_id)
    return render(request, "staff/decide.html", {"application": application, "approve": True})


@login_required
@require_http_methods(["GET", "POST"])
def application_reject(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, decide=True)
    form = StaffRejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            staff_application_reject(
                application=application, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as err:
            if err.field != "reason":
                messages.error(request, err.message)
                return redirect("staff:detail", pk=pk)
            attach_domain_error(form, err)
        else:
            messages.success(request, "Application rejected.")
            return redirect("staff:detail", pk=pk)
    return render(request, "staff/decide.html", {"application": application, "approve": False, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, withdraw=True)
    if request.method == "POST":
        try:
            staff_application_withdraw(application=application, actor=request.user)
        except DomainError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, "Application withdrawn.")
        return redirect("staff:detail", pk=pk)
    return render(request, "staff/withdraw.html", {"application": application})
