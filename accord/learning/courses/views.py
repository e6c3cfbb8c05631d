"""The course catalogues (per institution) and the equivalence memory."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accord.accounts.http import AuthenticatedRequest
from accord.common.access import get_visible_or_404, require
from accord.common.actions import form_action, post_action
from accord.common.pagination import paginate
from accord.institutions.models import Institution
from accord.institutions.selectors import institutions_visible_to
from accord.learning.courses import selectors, services
from accord.learning.courses.forms import CourseFilterForm, CourseForm
from accord.learning.courses.permissions import (
    can_manage_courses,
    can_withdraw_equivalence,
    get_course_for_user,
    get_equivalence_for_user,
)
from accord.learning.models import Course


def _catalogue_institutions(request: AuthenticatedRequest) -> list[Institution]:
    """Institutions that have a catalogue, plus the one asked for."""
    with_courses = Course.objects.values("institution_id")
    return list(institutions_visible_to(request.user).filter(pk__in=with_courses).order_by("name"))


def _catalogue_url(institution_id: int) -> str:
    return f"{reverse('learning:courses')}?institution={institution_id}"


@login_required
@require_GET
def course_list(request: AuthenticatedRequest) -> HttpResponse:
    form = CourseFilterForm(request.GET or None, institutions=_catalogue_institutions(request))
    filters = selectors.CourseFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.CourseFilters(
            q=form.cleaned_data["q"],
            institution=form.cleaned_data["institution"],
            include_inactive=form.cleaned_data["include_inactive"],
        )
    qs = selectors.course_list(actor=request.user, filters=filters).order_by(
        "institution__name", "code", "title"
    )
    institution = None
    if filters.institution:
        institution = institutions_visible_to(request.user).filter(pk=filters.institution).first()
    context = {
        "form": form,
        "page": paginate(request, qs),
        "filtered": filters != selectors.CourseFilters(),
        "institution": institution,
        "can_add": institution is not None and can_manage_courses(request.user, institution),
        "all_institutions": institutions_visible_to(request.user).order_by("name")[:500],
    }
    return render(request, "learning/courses.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request: AuthenticatedRequest) -> HttpResponse:
    raw = request.POST.get("institution") or request.GET.get("institution")
    if not str(raw or "").isdigit():
        raise Http404("Choose an institution first")
    institution = get_visible_or_404(institutions_visible_to(request.user), raw)
    require(can_manage_courses(request.user, institution))
    form = CourseForm(request.POST) if request.method == "POST" else CourseForm(initial={"is_active": True})
    outcome = form_action(
        request,
        form,
        lambda: services.course_create(data=form.to_input(institution.pk), actor=request.user),
    )
    if outcome.done and outcome.result is not None:
        messages.success(request, f"“{outcome.result.title}” added to the catalogue of {institution}.")
        return redirect(_catalogue_url(institution.pk))
    # Refused or invalid, the form is shown again with its errors, and the page answers 200.
    return render(
        request, "learning/course_form.html", {"form": form, "institution": institution, "course": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    course = get_course_for_user(request.user, course_id, write=True)
    if request.method == "POST":
        form = CourseForm(request.POST)
    else:
        form = CourseForm(initial=CourseForm.initial_from(course))
    outcome = form_action(
        request,
        form,
        lambda: services.course_update(
            course=course, data=form.to_input(course.institution_id), actor=request.user
        ),
    )
    if outcome.done:
        messages.success(request, "Course saved.")
        return redirect(_catalogue_url(course.institution_id))
    context = {"form": form, "institution": course.institution, "course": course}
    return render(request, "learning/course_form.html", context)


@login_required
@require_GET
def equivalence_list(request: AuthenticatedRequest) -> HttpResponse:
    raw = request.GET.get("institution", "")
    host = int(raw) if raw.isdigit() else None
    include_withdrawn = request.GET.get("withdrawn") == "1"
    qs = selectors.equivalence_list(
        actor=request.user, host_institution=host, include_withdrawn=include_withdrawn
    )
    page = paginate(request, qs)
    context = {
        "page": page,
        "host": host,
        "include_withdrawn": include_withdrawn,
        "institutions": institutions_visible_to(request.user)
        .filter(course_equivalences__isnull=False)
        .distinct(),
        "withdrawable": {e.pk for e in page.object_list if can_withdraw_equivalence(request.user, e)},
    }
    return render(request, "learning/equivalences.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def equivalence_withdraw(request: AuthenticatedRequest, equivalence_id: int) -> HttpResponse:
    equivalence = get_equivalence_for_user(request.user, equivalence_id, write=True)
    if request.method == "POST":
        return post_action(
            request,
            lambda: services.equivalence_withdraw(equivalence=equivalence, actor=request.user),
            then="learning:equivalences",
            done="Equivalence withdrawn: it will no longer be offered.",
        )
    return render(request, "learning/confirm_equivalence_withdraw.html", {"equivalence": equivalence})
