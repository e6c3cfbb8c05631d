"""API of the agreement lifecycle: transitions, revisions and diffs, and the approvers per kind."""

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from ninja import Body, Query, Router, Schema, Status
from pydantic import Field

from accord.accounts.authentication import actor_of
from accord.agreements.errors import AgreementErrorCode
from accord.agreements.lifecycle.permissions import can_configure_approvers
from accord.agreements.lifecycle.services import (
    ACTIONS,
    agreement_transition,
    approver_add,
    approver_remove,
    available_actions,
)
from accord.agreements.models import Agreement, AgreementApprover, AgreementKind, AgreementRevision
from accord.agreements.permissions import can_see_internal_history, get_agreement_for_user
from accord.agreements.revisions import snapshot_diff
from accord.common.api_support import (
    Deferred,
    Id,
    InputSchema,
    ListParams,
    Page,
    PathId,
    error_responses,
    paginate,
    parse,
)
from accord.common.errors import DomainError

router = Router(tags=["agreement lifecycle"])


class TransitionIn(InputSchema):
    action: str = Field(max_length=30, description="One of: " + ", ".join(ACTIONS) + ".")
    comment: str = Field("", max_length=5000, description="Required to send back or reopen.")
    reason: str = Field("", max_length=5000, description="Required to terminate.")


class TransitionOut(Schema):
    agreement_id: int
    status: str
    successor_id: int | None = Field(None, description="The new draft, after `renew`.")


class AvailableActionOut(Schema):
    action: str
    label: str
    possible_now: bool
    problem: str = Field(description="Why it cannot happen yet; empty when it can.")
    needs: str = Field(description="`comment`, `reason` or empty: the text the action requires.")


class RevisionSummaryOut(Schema):
    number: int
    summary: str
    conditions_hash: str = Field(description="IIA v7 conditions hash (exchange agreements), or empty.")
    created_by: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_created_by(obj: AgreementRevision) -> str | None:
        return str(obj.created_by) if obj.created_by else None


class RevisionOut(RevisionSummaryOut):
    snapshot: dict[str, Any]


class FieldChangeOut(Schema):
    name: str
    label: str
    before: Any
    after: Any


class ItemChangeOut(Schema):
    change: Literal["added", "removed", "changed"]
    label: str
    item: dict[str, Any]
    fields: list[FieldChangeOut]


class DiffOut(Schema):
    base: int = Field(description="Revision number compared from.")
    head: int = Field(description="Revision number compared to.")
    fields: list[FieldChangeOut]
    partners: list[ItemChangeOut]
    conditions: list[ItemChangeOut]


class DiffQuery(Schema):
    base: int = Field(ge=1, le=2**31, description="Revision number to compare from.")
    head: int | None = Field(
        None, ge=1, le=2**31, description="Revision number to compare to; the latest if absent."
    )


class ApproverIn(InputSchema):
    kind: AgreementKind
    user_id: Id


class ApproverOut(Schema):
    id: int
    kind: str
    user_id: int
    username: str

    @staticmethod
    def resolve_username(obj: AgreementApprover) -> str:
        return obj.user.username


TransitionBody = Annotated[Any, Deferred(TransitionIn), Body(None)]
ApproverBody = Annotated[Any, Deferred(ApproverIn), Body(None)]


def _staff_agreement(request: HttpRequest, agreement_id: int) -> Agreement:
    """Revisions show internal drafts: like the history, hidden from partner contacts."""
    agreement = get_agreement_for_user(actor_of(request), agreement_id)
    if not can_see_internal_history(actor_of(request)):
        raise Http404("Not found")
    return agreement


@router.get(
    "/agreements/{agreement_id}/transitions",
    response=error_responses(200, list[AvailableActionOut]),
    summary="Actions you may take on an agreement",
)
def list_transitions(request: HttpRequest, agreement_id: PathId) -> Any:
    agreement = get_agreement_for_user(actor_of(request), agreement_id)
    return [
        {
            "action": step.action,
            "label": step.label,
            "possible_now": not problem,
            "problem": problem,
            "needs": step.note,
        }
        for step, problem in available_actions(agreement, actor_of(request))
    ]


@router.post(
    "/agreements/{agreement_id}/transitions",
    response=error_responses(200, TransitionOut),
    summary="Move an agreement through its lifecycle",
    description="403 if your role may not take the action, 409 (`invalid_state`) if the status does not "
    "allow it, 422 with a specific code (`signatures_missing`, `reason_required`, ...) if data is missing.",
)
def post_transition(request: HttpRequest, agreement_id: PathId, payload: TransitionBody) -> Any:
    agreement = get_agreement_for_user(actor_of(request), agreement_id)
    body = parse(TransitionIn, payload)
    note = body.reason if body.action == "terminate" else body.comment
    result = agreement_transition(agreement=agreement, action=body.action, actor=actor_of(request), note=note)
    return {
        "agreement_id": result.agreement.pk,
        "status": result.agreement.status,
        "successor_id": result.successor.pk if result.successor else None,
    }


@router.get(
    "/agreements/{agreement_id}/revisions",
    response=error_responses(200, Page[RevisionSummaryOut]),
    summary="Revisions of an agreement, newest first",
)
def list_revisions(request: HttpRequest, agreement_id: PathId, params: Query[ListParams]) -> Any:
    agreement = _staff_agreement(request, agreement_id)
    return paginate(request, agreement.revisions.select_related("created_by").order_by("-number"), params)


@router.get(
    "/agreements/{agreement_id}/revisions/{number}",
    response=error_responses(200, RevisionOut),
    summary="One revision with its snapshot",
)
def get_revision(request: HttpRequest, agreement_id: PathId, number: PathId) -> Any:
    agreement = _staff_agreement(request, agreement_id)
    revision = agreement.revisions.select_related("created_by").filter(number=number).first()
    if revision is None:
        raise Http404("Not found")
    return revision


def _diff(base: AgreementRevision, head: AgreementRevision) -> dict[str, Any]:
    return {"base": base.number, "head": head.number, **snapshot_diff(base.snapshot, head.snapshot).as_dict()}


@router.get(
    "/agreements/{agreement_id}/diff",
    response=error_responses(200, DiffOut),
    summary="What changed between two revisions",
)
def get_diff(request: HttpRequest, agreement_id: PathId, params: Query[DiffQuery]) -> Any:
    agreement = _staff_agreement(request, agreement_id)
    revisions = {r.number: r for r in agreement.revisions.all()}
    head_number = params.head or max(revisions, default=0)
    if params.base not in revisions or head_number not in revisions:
        raise DomainError(
            AgreementErrorCode.UNKNOWN_REVISION, "No such revision of this agreement.", field="base"
        )
    return _diff(revisions[params.base], revisions[head_number])


@router.get(
    "/agreements/{agreement_id}/changes-since-partner-approval",
    response=error_responses(200, DiffOut),
    summary="What changed since the partner approved",
    description="422 `not_partner_approved` if the partner has not approved the agreement.",
)
def get_changes_since_partner_approval(request: HttpRequest, agreement_id: PathId) -> Any:
    agreement = get_agreement_for_user(actor_of(request), agreement_id)
    base = agreement.partner_approved_revision
    head = agreement.revisions.order_by("-number").first()
    if base is None or head is None:
        raise DomainError(
            AgreementErrorCode.NOT_PARTNER_APPROVED, "The partner has not approved this agreement."
        )
    return _diff(base, head)


def _require_admin(request: HttpRequest) -> None:
    if not can_configure_approvers(actor_of(request)):
        raise Http404("Not found")


@router.get(
    "/agreement-approvers",
    response=error_responses(200, list[ApproverOut]),
    summary="Approvers per agreement kind (administrators)",
)
def list_approvers(request: HttpRequest) -> Any:
    _require_admin(request)
    return list(AgreementApprover.objects.select_related("user").order_by("kind", "user__username"))


@router.post(
    "/agreement-approvers",
    response=error_responses(201, ApproverOut),
    summary="Add an approver for a kind (administrators)",
)
def create_approver(request: HttpRequest, payload: ApproverBody) -> Any:
    _require_admin(request)
    body = parse(ApproverIn, payload)
    return Status(201, approver_add(kind=body.kind, user_id=body.user_id, actor=actor_of(request)))


@router.delete(
    "/agreement-approvers/{approver_id}",
    response=error_responses(204, None),
    summary="Remove an approver (administrators)",
)
def delete_approver(request: HttpRequest, approver_id: PathId) -> Any:
    _require_admin(request)
    approver = AgreementApprover.objects.filter(pk=approver_id).first()
    if approver is None:
        raise Http404("Not found")
    approver_remove(approver=approver, actor=actor_of(request))
    return Status(204, None)
