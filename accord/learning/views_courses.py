"""The course catalogues (per institution) and the equivalence memory."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accord.accounts.http import AuthenticatedRequest
from accord.common.access import get_visible_or_404, require, writes_everything
from accord.common.errors import DomainError
from accord.common.forms import attach_domain_error
from accord.common.pagination import paginate
from accord.institutions.models import Institution
from accord.institutions.selectors import institutions_visible_to
from accord.learning import courses, selectors
from accord.learning.forms import CourseFilterForm, CourseForm
from accord.learning.models import Course
from accord.learning.permissions import (
    can_manage_courses,
    get_course_for_user,
    get_equivalence_for_user,
)


def _catalogue_institutions(request: AuthenticatedRequest) -> list[Institution]:
    """Institutions that have a catalogue, plus the one asked for."""
    with_courses = Course.objects.values("institution_id")
    return list(institutions_visible_to(request.user).filter(pk__in=with_courses).order_by("name"))


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
    if request.method == "POST":
        form = CourseForm(request.POST)
        if form.is_valid():
            try:
                course = courses.course_create(data=form.to_input(institution.pk), actor=request.user)
            except DomainError as err:
                attach_domain_error(form, err)
            else:
                messages.success(request, f"“{course.title}” added to the catalogue of {institution}.")
                return redirect(f"{reverse('learning:courses')}?institution={institution.pk}")
    else:
        form = CourseForm(initial={"is_active": True})
    return render(
        request, "learning/course_form.html", {"form": form, "institution": institution, "course": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    course = get_course_for_user(request.user, course_id, write=True)
    if request.method == "POST":
        form = CourseForm(request.POST)
        if form.is_valid():
            try:
                courses.course_update(
                    course=course, data=form.to_input(course.institution_id), actor=request.user
                )
            except DomainError as err:
                attach_domain_error(form, err)
            else:
                messages.success(request, "Course saved.")
                return redirect(f"{reverse('learning:courses')}?institution={course.institution_id}")
    else:
        form = CourseForm(initial=CourseForm.initial_from(course))
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
    context = {
        "page": paginate(request, qs),
        "host": host,
        "include_withdrawn": include_withdrawn,
        "institutions": institutions_visible_to(request.user)
        .filter(course_equivalences__isnull=False)
        .distinct(),
        "user_id": request.user.pk,
        "office": writes_everything(request.user),
    }
    return render(request, "learning/equivalences.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def equivalence_withdraw(request: AuthenticatedRequest, equivalence_id: int) -> HttpResponse:
    equivalence = get_equivalence_for_user(request.user, equivalence_id, write=True)
    if request.method == "POST":
        try:
            courses.equivalence_withdraw(equivalence=equivalence, actor=request.user)
        except DomainError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, "Equivalence withdrawn: it will no longer be offered.")
        return redirect("learning:equivalences")
    return render(request, "learning/confirm_equivalence_withdraw.html", {"equivalence": equivalence})
