"""Lifecycle pages: transitions, revisions and diffs, the approvals queue, approvers, the calendar feed."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts.http import AuthenticatedRequest
from accord.accounts.models import User
from accord.agreements.calendar.models import CalendarFeedToken
from accord.agreements.calendar.services import (
    calendar_feed,
    calendar_token_regenerate,
    calendar_token_revoke,
    calendar_user_for_token,
)
from accord.agreements.lifecycle.forms import ApproverForm, CompareForm, TransitionForm
from accord.agreements.lifecycle.permissions import (
    can_approve,
    can_configure_approvers,
    can_see_approval_queue,
    may_perform,
)
from accord.agreements.lifecycle.services import (
    TIMELINE_EVENTS,
    TRANSITIONS,
    agreement_transition,
    approver_add,
    approver_remove,
    available_actions,
)
from accord.agreements.models import Agreement, AgreementApprover, AgreementRevision, AgreementStatus
from accord.agreements.permissions import can_see_internal_history, get_agreement_for_user
from accord.agreements.revisions import RevisionDiff, snapshot_diff
from accord.agreements.selectors import agreements_visible_to, with_partner_institutions
from accord.common import audit
from accord.common.actions import form_action
from accord.common.downloads import download
from accord.common.pagination import paginate

WAITING_SHOWN = 50
# The main path, drawn as steps on the agreement page.
MAIN_PATH = (
    AgreementStatus.DRAFT,
    AgreementStatus.IN_REVIEW,
    AgreementStatus.NEGOTIATION,
    AgreementStatus.PARTNER_APPROVED,
    AgreementStatus.SIGNED,
    AgreementStatus.ACTIVE,
    AgreementStatus.EXPIRING,
    AgreementStatus.EXPIRED,
)


def _staff_only(user: User) -> None:
    """Revisions show internal drafts: partner contacts and students do not see them (like the history)."""
    if not can_see_internal_history(user):
        raise Http404("Not found")


def lifecycle_context(user: User, agreement: Agreement) -> dict[str, Any]:
    """What the agreement page shows of the lifecycle: actions, steps, timeline, revisions."""
    status = agreement.status
    position = MAIN_PATH.index(status) if status in MAIN_PATH else -1
    steps = [
        (value, AgreementStatus(value).label, "done" if i < position else "current" if i == position else "")
        for i, value in enumerate(MAIN_PATH)
    ]
    internal = can_see_internal_history(user)
    timeline = (
        list(audit.history_for(agreement).filter(action__in=TIMELINE_EVENTS).order_by("created_at", "id"))
        if internal
        else []
    )
    successor = Agreement.objects.filter(predecessor=agreement).only("pk", "title").first()
    return {
        "actions": available_actions(agreement, user),
        "steps": steps,
        "timeline": timeline,
        "show_revisions": internal,
        "revision_count": agreement.revisions.count() if internal else 0,
        "successor": successor,
    }


@login_required
@require_http_methods(["GET", "POST"])
def transition(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk)
    step = TRANSITIONS.get(action)
    if step is None:
        raise Http404("Not found")
    if not may_perform(request.user, action, agreement):
        raise PermissionDenied("You may not do this to this agreement.")
    form = TransitionForm(request.POST if request.method == "POST" else None, transition=step)
    outcome = form_action(
        request,
        form,
        lambda: agreement_transition(
            agreement=agreement, action=action, actor=request.user, note=form.cleaned_data["note"]
        ),
        field_map={"comment": "note", "reason": "note"},
    )
    if outcome.result is not None:
        if outcome.result.successor is not None:
            messages.success(request, "Renewal drafted: check its dates and conditions.")
            return redirect("agreements:detail", pk=outcome.result.successor.pk)
        messages.success(request, f"{step.label}: done. The people concerned were notified.")
        return redirect("agreements:detail", pk=agreement.pk)
    context = {"agreement": agreement, "transition": step, "form": form}
    return render(request, "agreements/lifecycle/transition.html", context, status=outcome.status)


@login_required
@require_GET
def revision_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk)
    _staff_only(request.user)
    revisions = list(agreement.revisions.select_related("created_by").order_by("-number"))
    context = {
        "agreement": agreement,
        "revisions": revisions,
        "form": CompareForm(revisions=revisions),
        "approved_number": agreement.partner_approved_revision.number
        if agreement.partner_approved_revision
        else None,
    }
    return render(request, "agreements/lifecycle/revisions.html", context)


def _render_diff(
    request: HttpRequest,
    agreement: Agreement,
    diff: RevisionDiff,
    *,
    base: AgreementRevision | None,
    head_label: str,
    title: str,
    form: CompareForm | None = None,
) -> HttpResponse:
    context = {
        "agreement": agreement,
        "diff": diff,
        "base": base,
        "head_label": head_label,
        "title": title,
        "form": form,
    }
    return render(request, "agreements/lifecycle/diff.html", context)


@login_required
@require_GET
def revision_diff(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk)
    _staff_only(request.user)
    revisions = list(agreement.revisions.order_by("-number"))
    form = CompareForm(request.GET, revisions=revisions)
    if not form.is_valid():
        return render(
            request,
            "agreements/lifecycle/revisions.html",
            {"agreement": agreement, "revisions": revisions, "form": form},
            status=422 if revisions else 200,
        )
    by_number = {r.number: r for r in revisions}
    base, head = by_number[form.cleaned_data["base"]], by_number[form.cleaned_data["head"]]
    diff = snapshot_diff(base.snapshot, head.snapshot)
    return _render_diff(
        request,
        agreement,
        diff,
        base=base,
        head_label=f"revision {head.number}",
        title=f"Revision {base.number} → revision {head.number}",
        form=form,
    )


@login_required
@require_GET
def changes_since_partner_approval(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """What changed since the partner approved; the partner's own contacts may see this one too."""
    agreement = get_agreement_for_user(request.user, pk)
    base = agreement.partner_approved_revision
    latest = agreement.revisions.order_by("-number").first()
    diff = snapshot_diff(base.snapshot, latest.snapshot) if base and latest else None
    context = {"agreement": agreement, "diff": diff, "base": base, "head_label": "now", "form": None}
    context["title"] = "Changes since the partner approved"
    return render(request, "agreements/lifecycle/diff.html", context)


@login_required
@require_GET
def approval_queue(request: AuthenticatedRequest) -> HttpResponse:
    """Agreements in internal review that this user may approve, oldest first."""
    if not can_see_approval_queue(request.user):
        raise Http404("Not found")
    in_review = agreements_visible_to(request.user).filter(status=AgreementStatus.IN_REVIEW)
    kinds = [
        kind
        for kind in in_review.order_by().values_list("kind", flat=True).distinct()
        if can_approve(request.user, kind)
    ]
    queue = with_partner_institutions(in_review.filter(kind__in=kinds)).order_by("updated_at", "pk")
    # Coordinators follow their own proposals here while someone else reviews them.
    waiting = with_partner_institutions(in_review.exclude(kind__in=kinds)).order_by("updated_at", "pk")
    page = paginate(request, queue)
    return render(
        request, "agreements/lifecycle/queue.html", {"page": page, "waiting": waiting[:WAITING_SHOWN]}
    )


def _require_admin(user: User) -> None:
    # Hidden from everyone else, like the audit log: the menu shows it to administrators only.
    if not can_configure_approvers(user):
        raise Http404("Not found")


@login_required
@require_http_methods(["GET", "POST"])
def approvers(request: AuthenticatedRequest) -> HttpResponse:
    _require_admin(request.user)
    form = ApproverForm(request.POST if request.method == "POST" else None)
    outcome = form_action(
        request,
        form,
        lambda: approver_add(
            kind=form.cleaned_data["kind"], user_id=form.cleaned_data["user"], actor=request.user
        ),
        field_map={"user_id": "user"},
    )
    if outcome.done:
        messages.success(request, "Approver added.")
        return redirect("agreements:approvers")
    rows = AgreementApprover.objects.select_related("user").order_by("kind", "user__username")
    by_kind: dict[str, list[AgreementApprover]] = {}
    for row in rows:
        by_kind.setdefault(row.get_kind_display(), []).append(row)
    return render(
        request,
        "agreements/lifecycle/approvers.html",
        {"form": form, "by_kind": by_kind},
        status=outcome.status,
    )


@login_required
@require_POST
def approver_delete(request: AuthenticatedRequest, approver_pk: int) -> HttpResponse:
    _require_admin(request.user)
    approver = AgreementApprover.objects.filter(pk=approver_pk).first()
    if approver is None:
        raise Http404("Not found")
    approver_remove(approver=approver, actor=request.user)
    messages.success(request, "Approver removed.")
    return redirect("agreements:approvers")


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request: AuthenticatedRequest) -> HttpResponse:
    """The user's feed: make (or remake) the secret URL, shown once, or switch the feed off."""
    feed_url = None
    if request.method == "POST":
        if request.POST.get("_action") == "revoke":
            calendar_token_revoke(actor=request.user)
            messages.success(request, "Calendar feed switched off: the old address no longer works.")
            return redirect("agreements:calendar")
        token = calendar_token_regenerate(actor=request.user)
        feed_url = request.build_absolute_uri(reverse("agreements:calendar_feed", args=[token]))
    feed = CalendarFeedToken.objects.filter(user=request.user).first()
    response = render(request, "agreements/lifecycle/calendar.html", {"feed": feed, "feed_url": feed_url})
    response["Cache-Control"] = "no-store"  # the page may carry the secret address
    return response


@require_GET
def calendar_feed_view(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no session, the token is the credential; a wrong token is a plain 404."""
    user = calendar_user_for_token(token)
    if user is None:
        raise Http404("Not found")
    body = calendar_feed(user, now=timezone.now(), base_url=request.build_absolute_uri("/"))
    response = download(body, "accord-agreements.ics", "text/calendar; charset=utf-8", inline=True)
    response["Cache-Control"] = "private, max-age=900"
    return response
