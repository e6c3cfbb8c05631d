"""The learning agreement API: thin endpoints over the same selectors and services as the pages.

The catalogues and the equivalence memory have their own router (`accord.learning.courses.api`).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from accord.accounts.authentication import actor_of
from accord.common.access import get_visible_or_404, require
from accord.common.api_support import Page, PathId, error_responses, paginate, parse
from accord.common.errors import DomainError, ErrorCode
from accord.learning import rules, selectors, services
from accord.learning.adapters import la_document_xml
from accord.learning.courses import services as courses
from accord.learning.courses.schemas import EquivalenceOut
from accord.learning.courses.selectors import equivalence_suggestions as suggestions_for
from accord.learning.links.services import invitation_send
from accord.learning.models import ChangeProposal, Component, LearningAgreement
from accord.learning.permissions import (
    can_edit_learning_agreement,
    can_return_proposal,
    coordinates,
    get_learning_agreement_for_user,
    get_mobility_for_learning,
)
from accord.learning.schemas import (
    ApplyEquivalenceBody,
    ApplyEquivalenceIn,
    CommentBody,
    CommentIn,
    CommentOut,
    ComponentBody,
    ComponentIn,
    ComponentOut,
    CreateBody,
    CreateIn,
    DeletionBody,
    DeletionIn,
    DetailsBody,
    DetailsPatch,
    InvitationBody,
    InvitationIn,
    InvitationOut,
    LearningAgreementOut,
    LearningAgreementQuery,
    LearningAgreementSummary,
    ReturnBody,
    ReturnIn,
    SignatureBody,
    SignatureIn,
    SignatureOut,
)

router = Router(tags=["learning agreements"])


def _detail(la_id: int) -> LearningAgreement:
    la = LearningAgreement.objects.select_related("mobility__person", "mobility__academic_year").get(pk=la_id)
    in_force = selectors.components_in_force(la)
    la.in_force = in_force  # type: ignore[attr-defined]
    la.in_force_totals = selectors.totals(in_force)  # type: ignore[attr-defined]
    la.proposals_list = list(selectors.proposals_with_details(la))  # type: ignore[attr-defined]
    open_proposal = next((p for p in la.proposals_list if p.status == "open"), None)  # type: ignore[attr-defined]
    la.open_proposal_problems = (  # type: ignore[attr-defined]
        rules.check(selectors.proposal_result(open_proposal), mobility_type=la.mobility.mobility_type)
        if open_proposal is not None
        else []
    )
    return la


@router.get(
    "/learning-agreements",
    response=error_responses(200, Page[LearningAgreementSummary]),
    summary="List learning agreements",
)
def list_learning_agreements(request: HttpRequest, filters: Query[LearningAgreementQuery]) -> Any:
    qs = selectors.learning_agreement_list(
        actor=actor_of(request),
        filters=selectors.LearningAgreementFilters(
            q=filters.q, status=filters.status or "", direction=filters.direction, awaiting=filters.awaiting
        ),
    ).order_by("-id")
    return paginate(request, qs, filters)


@router.post(
    "/learning-agreements",
    response=error_responses(201, LearningAgreementOut),
    summary="Start the learning agreement of a mobility",
)
def create_learning_agreement(request: HttpRequest, payload: CreateBody) -> Any:
    actor = actor_of(request)
    raw_id = payload.get("mobility_id") if isinstance(payload, dict) else None
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        get_mobility_for_learning(actor, raw_id)  # 404 before 422 for a mobility you cannot see
    data = parse(CreateIn, payload)
    mobility = get_mobility_for_learning(actor, data.mobility_id)
    details = services.DetailsInput(**data.model_dump(exclude={"mobility_id"}))
    la = services.learning_agreement_create(mobility=mobility, actor=actor, data=details)
    return Status(201, _detail(la.pk))


@router.get(
    "/learning-agreements/{la_id}",
    response=error_responses(200, LearningAgreementOut),
    summary="Get a learning agreement with its versions",
)
def get_learning_agreement(request: HttpRequest, la_id: PathId) -> Any:
    return _detail(get_learning_agreement_for_user(actor_of(request), la_id).pk)


def _editable(request: HttpRequest, la_id: int) -> LearningAgreement:
    la = get_learning_agreement_for_user(actor_of(request), la_id, write=True)
    require(can_edit_learning_agreement(actor_of(request), la))
    return la


@router.patch(
    "/learning-agreements/{la_id}",
    response=error_responses(200, LearningAgreementOut),
    summary="Change the language, EQF and ISCED details",
)
def patch_learning_agreement(request: HttpRequest, la_id: PathId, payload: DetailsBody) -> Any:
    la = _editable(request, la_id)
    data = parse(DetailsPatch, payload)
    current = {
        "language": la.language, "cefr_level": la.cefr_level, "eqf_level": la.eqf_level,
        "isced_code": la.isced_id or "", "isced_clarification": la.isced_clarification,
        "learning_outcomes_url": la.learning_outcomes_url, "provisions_url": la.provisions_url,
    }  # fmt: skip
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    services.learning_agreement_update(
        la=la, data=services.DetailsInput(**{**current, **changes}), actor=actor_of(request),
        expected_version=data.version,
    )  # fmt: skip
    return _detail(la.pk)


def _component_input(data: ComponentIn) -> services.ComponentInput:
    return services.ComponentInput(**data.model_dump(exclude={"version"}))


@router.post(
    "/learning-agreements/{la_id}/components",
    response=error_responses(201, ComponentOut),
    summary="Add a component to the open proposal",
    description="Planned in a first version; in a change proposal an insertion, which needs a reason.",
)
def add_component(request: HttpRequest, la_id: PathId, payload: ComponentBody) -> Any:
    la = _editable(request, la_id)
    data = parse(ComponentIn, payload)
    component = services.component_add(
        la=la, data=_component_input(data), actor=actor_of(request), expected_version=data.version
    )
    return Status(201, component)


def _component(la: LearningAgreement, component_id: int) -> Component:
    return get_visible_or_404(Component.objects.filter(proposal__learning_agreement=la), component_id)


@router.put(
    "/learning-agreements/{la_id}/components/{component_id}",
    response=error_responses(200, ComponentOut),
    summary="Change a component of the open proposal",
)
def update_component(
    request: HttpRequest, la_id: PathId, component_id: PathId, payload: ComponentBody
) -> Any:
    la = _editable(request, la_id)
    component = _component(la, component_id)
    data = parse(ComponentIn, payload)
    return services.component_update(
        component=component,
        data=_component_input(data),
        actor=actor_of(request),
        expected_version=data.version,
    )


@router.delete(
    "/learning-agreements/{la_id}/components/{component_id}",
    response=error_responses(204, None),
    summary="Take a row out of the open proposal",
)
def remove_component(request: HttpRequest, la_id: PathId, component_id: PathId) -> Any:
    la = _editable(request, la_id)
    services.component_remove(component=_component(la, component_id), actor=actor_of(request))
    return Status(204, None)


@router.post(
    "/learning-agreements/{la_id}/components/{component_id}/deletion",
    response=error_responses(201, ComponentOut),
    summary="Propose the deletion of an approved component",
)
def propose_deletion(request: HttpRequest, la_id: PathId, component_id: PathId, payload: DeletionBody) -> Any:
    la = _editable(request, la_id)
    target = _component(la, component_id)
    data = parse(DeletionIn, payload)
    deletion = services.component_propose_deletion(
        la=la, target=target, reason_code=data.reason_code, reason_text=data.reason_text,
        actor=actor_of(request), expected_version=data.version,
    )  # fmt: skip
    return Status(201, deletion)


@router.post(
    "/learning-agreements/{la_id}/changes",
    response=error_responses(201, LearningAgreementOut),
    summary="Open a change proposal on an approved agreement",
)
def start_changes(request: HttpRequest, la_id: PathId) -> Any:
    la = _editable(request, la_id)
    services.proposal_start_changes(la=la, actor=actor_of(request))
    return Status(201, _detail(la.pk))


@router.post(
    "/learning-agreements/{la_id}/changes/withdraw",
    response=error_responses(200, LearningAgreementOut),
    summary="Withdraw the open change proposal",
)
def withdraw_changes(request: HttpRequest, la_id: PathId) -> Any:
    la = _editable(request, la_id)
    proposal = selectors.open_proposal(la)
    if proposal is None:
        raise DomainError(ErrorCode.INVALID_STATE, "There is no open change proposal.")
    services.proposal_withdraw(proposal=proposal, actor=actor_of(request))
    return _detail(la.pk)


def _open(la: LearningAgreement) -> ChangeProposal:
    proposal = selectors.open_proposal(la)
    if proposal is None:
        raise DomainError(ErrorCode.INVALID_STATE, "There is no open proposal to act on.")
    return proposal


@router.post(
    "/learning-agreements/{la_id}/signatures",
    response=error_responses(201, SignatureOut),
    summary="Sign the open proposal as the student, the sending or the receiving institution",
    description=(
        "Each caller signs only for their own party. The receiving institution signs after the student and "
        "the sending institution; the third signature approves the proposal. `rules_not_met` (422) lists the "
        "checks that fail; `edit_conflict` (409) means the proposal changed since `revision`."
    ),
)
def sign(request: HttpRequest, la_id: PathId, payload: SignatureBody) -> Any:
    la = get_learning_agreement_for_user(actor_of(request), la_id, write=True)
    data = parse(SignatureIn, payload)
    signature = services.proposal_sign(
        proposal=_open(la), data=services.SignatureInput(**data.model_dump()), actor=actor_of(request)
    )
    return Status(201, signature)


@router.post(
    "/learning-agreements/{la_id}/return",
    response=error_responses(201, CommentOut),
    summary="Return the open proposal with a comment (its signatures are removed)",
)
def return_proposal(request: HttpRequest, la_id: PathId, payload: ReturnBody) -> Any:
    la = get_learning_agreement_for_user(actor_of(request), la_id, write=True)
    require(can_return_proposal(actor_of(request), la))
    data = parse(ReturnIn, payload)
    return Status(
        201, services.proposal_return(proposal=_open(la), comment=data.comment, actor=actor_of(request))
    )


@router.get(
    "/learning-agreements/{la_id}/comments",
    response=error_responses(200, list[CommentOut]),
    summary="Comments on a learning agreement",
)
def list_comments(request: HttpRequest, la_id: PathId) -> Any:
    return list(get_learning_agreement_for_user(actor_of(request), la_id).comments.all())


@router.post(
    "/learning-agreements/{la_id}/comments",
    response=error_responses(201, CommentOut),
    summary="Add a comment",
)
def add_comment(request: HttpRequest, la_id: PathId, payload: CommentBody) -> Any:
    la = get_learning_agreement_for_user(actor_of(request), la_id, write=True)
    data = parse(CommentIn, payload)
    return Status(201, services.comment_add(la=la, body=data.body, actor=actor_of(request)))


@router.post(
    "/learning-agreements/{la_id}/invitations",
    response=error_responses(201, InvitationOut),
    summary="E-mail the partner coordinator a private signing link",
)
def send_invitation(request: HttpRequest, la_id: PathId, payload: InvitationBody) -> Any:
    la = get_learning_agreement_for_user(actor_of(request), la_id, write=True)
    require(coordinates(actor_of(request), la.mobility))
    data = parse(InvitationIn, payload)
    invitation = invitation_send(proposal=_open(la), actor=actor_of(request), **data.model_dump())
    return Status(201, invitation)


@router.get(
    "/learning-agreements/{la_id}/equivalence-suggestions",
    response=error_responses(200, list[EquivalenceOut]),
    summary="Approved equivalences for this partner not yet used in this agreement",
)
def equivalence_suggestions(request: HttpRequest, la_id: PathId) -> Any:
    return suggestions_for(get_learning_agreement_for_user(actor_of(request), la_id))


@router.post(
    "/learning-agreements/{la_id}/equivalence-suggestions/apply",
    response=error_responses(201, list[ComponentOut]),
    summary="Copy a remembered equivalence into the open proposal (Tables A and B)",
)
def apply_equivalence(request: HttpRequest, la_id: PathId, payload: ApplyEquivalenceBody) -> Any:
    la = _editable(request, la_id)
    data = parse(ApplyEquivalenceIn, payload)
    equivalence = next((e for e in suggestions_for(la) if e.pk == data.equivalence_id), None)
    if equivalence is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No such suggestion.")
    added = courses.equivalence_apply(
        la=la, equivalence=equivalence, term_number=data.term_number, total_terms=data.total_terms,
        actor=actor_of(request),
    )  # fmt: skip
    return Status(201, added)


@router.get(
    "/learning-agreements/{la_id}/ewp",
    response=error_responses(200, None),
    summary="The agreement as an EWP Outgoing Mobility Learning Agreements v1.2 get-response (XML)",
    description="Validated against the official XSD; `not_exportable` (422) names what is missing.",
)
def ewp_document(request: HttpRequest, la_id: PathId) -> Any:
    la = get_learning_agreement_for_user(actor_of(request), la_id)
    return HttpResponse(la_document_xml([la]), content_type="application/xml; charset=utf-8")
