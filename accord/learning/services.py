"""The only writers of learning agreements: tables, proposals, signatures, comments.

A signature approves one exact content. Any edit of an open proposal removes the signatures it already has and
bumps its revision (EWP changes the proposal id); a party returning a proposal with a comment does the same.
The receiving institution signs last; when the third signature arrives the proposal is approved.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from accord.accounts.models import User
from accord.agreements.models import STUDENT_MOBILITY_TYPES
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.engines.identifiers import IdentifierError, normalise_cefr_level, validate_eqf_level
from accord.learning import notices, rules
from accord.learning.errors import LearningErrorCode
from accord.learning.models import (
    DELETE_REASONS,
    INSERT_REASONS,
    ChangeProposal,
    Comment,
    Component,
    ComponentStatus,
    ComponentTable,
    Course,
    LearningAgreement,
    LearningAgreementStatus,
    ProposalKind,
    ProposalStatus,
    Signature,
    SignatureMethod,
    SignerRole,
    SigningInvitation,
)
from accord.learning.permissions import (
    can_edit_learning_agreement,
    can_start_learning_agreement,
    can_take_part,
    partner_side_role,
    signer_roles,
)
from accord.learning.selectors import components_in_force, open_proposal, proposal_result
from accord.mobility.models import Mobility
from accord.reference.models import IscedField
from accord.reference.vocab import is_language_code


@dataclass
class DetailsInput:
    language: str = ""
    cefr_level: str = ""
    eqf_level: int | None = None
    isced_code: str = ""
    isced_clarification: str = ""
    learning_outcomes_url: str = ""
    provisions_url: str = ""


@dataclass
class ComponentInput:
    table: str
    title: str
    code: str = ""
    term_number: int | None = None
    total_terms: int | None = None
    ects: Decimal | None = None
    recognition_conditions: str = ""
    short_description: str = ""
    reason_code: str = ""
    reason_text: str = ""
    course_id: int | None = None


def _check_version(la: LearningAgreement, expected: int | None) -> None:
    if expected is not None and expected != la.version:
        raise DomainError(
            ErrorCode.EDIT_CONFLICT,
            "Someone changed this learning agreement meanwhile; reload it and try again.",
            extra={"current_version": la.version},
        )


def _locked(la: LearningAgreement) -> LearningAgreement:
    return LearningAgreement.objects.select_for_update().select_related("mobility__person").get(pk=la.pk)


def _bump(la: LearningAgreement) -> None:
    LearningAgreement.objects.filter(pk=la.pk).update(version=F("version") + 1, updated_at=timezone.now())
    la.refresh_from_db(fields=["version", "updated_at"])


def _validated_details(data: DetailsInput) -> dict[str, Any]:
    language = data.language.strip()
    if language and not is_language_code(language):
        raise DomainError(
            LearningErrorCode.INVALID_LANGUAGE, f"Unknown language code {language!r}.", field="language"
        )
    cefr = ""
    if data.cefr_level.strip():
        try:
            cefr = normalise_cefr_level(data.cefr_level)
        except IdentifierError as exc:
            raise DomainError(LearningErrorCode.INVALID_CEFR, str(exc), field="cefr_level") from exc
    if data.eqf_level is not None:
        try:
            validate_eqf_level(data.eqf_level)
        except IdentifierError as exc:
            raise DomainError(LearningErrorCode.INVALID_EQF, str(exc), field="eqf_level") from exc
    isced = data.isced_code.strip()
    if isced and not IscedField.objects.filter(code=isced).exists():
        raise DomainError(
            LearningErrorCode.INVALID_ISCED, f"Unknown ISCED-F code {isced!r}.", field="isced_code"
        )
    for name in ("learning_outcomes_url", "provisions_url"):
        url = getattr(data, name).strip()
        if url and not url.startswith(("https://", "http://")):
            raise DomainError(ErrorCode.INVALID_URL, "A web address starts with https://.", field=name)
    return {
        "language": language,
        "cefr_level": cefr,
        "eqf_level": data.eqf_level,
        "isced_id": isced or None,
        "isced_clarification": data.isced_clarification.strip(),
        "learning_outcomes_url": data.learning_outcomes_url.strip(),
        "provisions_url": data.provisions_url.strip(),
    }


@transaction.atomic
def learning_agreement_create(
    *, mobility: Mobility, actor: User, data: DetailsInput | None = None
) -> LearningAgreement:
    if not can_start_learning_agreement(actor, mobility):
        raise DomainError(
            ErrorCode.PERMISSION_DENIED, "You may not start a learning agreement for this mobility."
        )
    if mobility.mobility_type not in STUDENT_MOBILITY_TYPES:
        raise DomainError(
            LearningErrorCode.NOT_STUDENT_MOBILITY, "Learning agreements are for student mobilities."
        )
    if LearningAgreement.objects.filter(mobility=mobility).exists():
        raise DomainError(ErrorCode.DUPLICATE, "This mobility already has a learning agreement.")
    values = _validated_details(data or DetailsInput())
    la = LearningAgreement.objects.create(mobility=mobility, **values)
    proposal = ChangeProposal.objects.create(
        learning_agreement=la, number=1, kind=ProposalKind.FIRST_VERSION, created_by=_user(actor)
    )
    audit.record(actor=actor, action="learning_agreement.created", target=la, data={"proposal": proposal.pk})
    return la


@transaction.atomic
def learning_agreement_update(
    *, la: LearningAgreement, data: DetailsInput, actor: User, expected_version: int | None = None
) -> LearningAgreement:
    la = _locked(la)
    if not can_edit_learning_agreement(actor, la):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not edit this learning agreement.")
    _check_version(la, expected_version)
    values = _validated_details(data)
    with audit.record_changed(
        actor=actor, action="learning_agreement.updated", target=la, fields=list(DETAIL_FIELDS)
    ) as change:
        for name, value in values.items():
            setattr(la, name, value)
        la.save(update_fields=[*DETAIL_FIELDS, "updated_at"])
    if change.changes:
        _bump(la)
    return la


DETAIL_FIELDS = (
    "language",
    "cefr_level",
    "eqf_level",
    "isced_id",
    "isced_clarification",
    "learning_outcomes_url",
    "provisions_url",
)


def _user(actor: User | None) -> User | None:
    """The account to link a row to: none for the system or the holder of a signing link."""
    return actor if actor is not None and actor.pk else None


def _editable_proposal(la: LearningAgreement, actor: User) -> ChangeProposal:
    if not can_edit_learning_agreement(actor, la):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not edit this learning agreement.")
    proposal = open_proposal(la)
    if proposal is None:
        raise DomainError(
            ErrorCode.INVALID_STATE, "There is no open proposal: propose changes first.", field="proposal"
        )
    return proposal


def _content_changed(proposal: ChangeProposal, *, actor: User | None, reason: str) -> None:
    """A new content: earlier signatures no longer apply and the proposal gets a new revision."""
    removed = list(proposal.signatures.values_list("role", flat=True))
    proposal.signatures.all().delete()
    ChangeProposal.objects.filter(pk=proposal.pk).update(
        revision=F("revision") + 1, updated_at=timezone.now()
    )
    proposal.refresh_from_db(fields=["revision", "updated_at"])
    if removed:
        audit.record(
            actor=actor,
            action="learning_agreement.signatures_cleared",
            target=proposal.learning_agreement,
            data={"proposal": proposal.number, "roles": removed, "reason": reason},
        )


def _validated_component(
    data: ComponentInput, *, status: str, mobility: Mobility | None = None
) -> dict[str, Any]:
    table = data.table.strip().upper()
    if table not in ComponentTable.values:
        raise DomainError(ErrorCode.INVALID_CHOICE, "Choose Table A, B or C.", field="table")
    owner_id = None
    if mobility is not None:
        owner_id = mobility.home_institution_id if table == ComponentTable.B else mobility.host_institution_id
    title = data.title.strip()
    if not title:
        raise DomainError(ErrorCode.REQUIRED, "A component needs a title.", field="title")
    if data.ects is not None and (data.ects < 0 or data.ects > 120):
        raise DomainError(
            LearningErrorCode.INVALID_CREDITS, "ECTS credits lie between 0 and 120.", field="ects"
        )
    if data.ects is not None and data.ects != data.ects.quantize(Decimal("0.1")):
        raise DomainError(
            LearningErrorCode.INVALID_CREDITS, "ECTS credits have at most one decimal.", field="ects"
        )
    number, total = data.term_number, data.total_terms
    if (number is None) != (total is None):
        raise DomainError(
            LearningErrorCode.INVALID_TERM, "Give both the term and the number of terms.", field="term_number"
        )
    if number is not None and total is not None and not (1 <= number <= total <= 12):
        raise DomainError(
            LearningErrorCode.INVALID_TERM,
            "The term must lie between 1 and the number of terms.",
            field="term_number",
        )
    if table in (ComponentTable.A, ComponentTable.B) and number is None:
        raise DomainError(
            LearningErrorCode.INVALID_TERM, "Tables A and B need the term (e.g. 1 of 2).", field="term_number"
        )
    if table == ComponentTable.C and not data.short_description.strip():
        raise DomainError(
            ErrorCode.REQUIRED, "A virtual component needs a short description.", field="short_description"
        )
    if table != ComponentTable.C and data.short_description.strip():
        raise DomainError(
            LearningErrorCode.NOT_ALLOWED,
            "Only virtual components (Table C) have a short description.",
            field="short_description",
        )
    if table == ComponentTable.A and data.recognition_conditions.strip():
        raise DomainError(
            LearningErrorCode.NOT_ALLOWED,
            "Recognition conditions belong to components recognised at home (Table B).",
            field="recognition_conditions",
        )
    allowed_reasons = {ComponentStatus.INSERTED: INSERT_REASONS, ComponentStatus.DELETED: DELETE_REASONS}.get(
        ComponentStatus(status), ()
    )
    reason = data.reason_code.strip()
    if reason and reason not in allowed_reasons:
        raise DomainError(
            LearningErrorCode.INVALID_REASON,
            "This reason does not fit this kind of change.",
            field="reason_code",
        )
    if status != ComponentStatus.PLANNED and not (reason or data.reason_text.strip()):
        raise DomainError(
            LearningErrorCode.REASON_REQUIRED, "Say why this change is made.", field="reason_code"
        )
    course = None
    if data.course_id is not None:
        course = Course.objects.filter(pk=data.course_id).first()
        if course is None or (owner_id is not None and course.institution_id != owner_id):
            raise DomainError(
                LearningErrorCode.UNKNOWN_COURSE,
                "Choose a course of the institution that teaches or recognises it.",
                field="course",
            )
    return {
        "table": table,
        "title": title,
        "code": data.code.strip(),
        "term_number": number,
        "total_terms": total,
        "ects": data.ects,
        "recognition_conditions": data.recognition_conditions.strip(),
        "short_description": data.short_description.strip(),
        "reason_code": reason,
        "reason_text": data.reason_text.strip(),
        "course": course,
    }


def _next_position(proposal: ChangeProposal, table: str) -> int:
    current = proposal.components.filter(table=table).aggregate(top=Max("position"))["top"]
    return 0 if current is None else current + 1


@transaction.atomic
def component_add(
    *, la: LearningAgreement, data: ComponentInput, actor: User, expected_version: int | None = None
) -> Component:
    la = _locked(la)
    _check_version(la, expected_version)
    proposal = _editable_proposal(la, actor)
    status = (
        ComponentStatus.PLANNED if proposal.kind == ProposalKind.FIRST_VERSION else ComponentStatus.INSERTED
    )
    values = _validated_component(data, status=status, mobility=la.mobility)
    component = Component.objects.create(
        proposal=proposal, status=status, position=_next_position(proposal, values["table"]), **values
    )
    _content_changed(proposal, actor=actor, reason="component added")
    _bump(la)
    audit.record(
        actor=actor,
        action="learning_agreement.component_added",
        target=la,
        data={"proposal": proposal.number, "component": component.pk, "table": component.table,
              "status": status, "title": component.title, "ects": component.ects,
              "reason_code": component.reason_code},
    )  # fmt: skip
    return component


@transaction.atomic
def component_update(
    *, component: Component, data: ComponentInput, actor: User, expected_version: int | None = None
) -> Component:
    la = _locked(component.proposal.learning_agreement)
    _check_version(la, expected_version)
    proposal = _editable_proposal(la, actor)
    if component.proposal_id != proposal.pk or component.status == ComponentStatus.DELETED:
        raise DomainError(ErrorCode.INVALID_STATE, "Only rows added in the open proposal can be edited.")
    values = _validated_component(data, status=component.status, mobility=la.mobility)
    # The event is the agreement's (its history shows it), the fields compared are the component's.
    with audit.record_changed(
        actor=actor,
        action="learning_agreement.component_updated",
        target=la,
        snapshot_of=lambda _la: audit.snapshot(component),
        data={"proposal": proposal.number, "component": component.pk},
    ) as change:
        for name, value in values.items():
            setattr(component, name, value)
        component.save()
    if change.changes:
        _content_changed(proposal, actor=actor, reason="component edited")
        _bump(la)
    return component


@transaction.atomic
def component_remove(*, component: Component, actor: User, expected_version: int | None = None) -> None:
    """Take a row out of the open proposal (a planned row, or an insertion or deletion not yet approved)."""
    la = _locked(component.proposal.learning_agreement)
    _check_version(la, expected_version)
    proposal = _editable_proposal(la, actor)
    if component.proposal_id != proposal.pk:
        raise DomainError(
            ErrorCode.INVALID_STATE,
            "Approved components are removed by proposing their deletion.",
            field="component",
        )
    data = {"proposal": proposal.number, "component": component.pk, "title": component.title,
            "status": component.status, "table": component.table}  # fmt: skip
    component.delete()
    _content_changed(proposal, actor=actor, reason="component removed")
    _bump(la)
    audit.record(actor=actor, action="learning_agreement.component_removed", target=la, data=data)


@transaction.atomic
def component_propose_deletion(
    *,
    la: LearningAgreement,
    target: Component,
    reason_code: str,
    reason_text: str = "",
    actor: User,
    expected_version: int | None = None,
) -> Component:
    la = _locked(la)
    _check_version(la, expected_version)
    proposal = _editable_proposal(la, actor)
    if proposal.kind != ProposalKind.CHANGES:
        raise DomainError(ErrorCode.INVALID_STATE, "Rows of a first version are simply removed, not deleted.")
    if target.pk not in {c.pk for c in components_in_force(la)}:
        raise DomainError(
            LearningErrorCode.NOT_IN_FORCE, "Only components in force can be deleted.", field="component"
        )
    if proposal.components.filter(deletes=target).exists():
        raise DomainError(
            ErrorCode.DUPLICATE, "This component is already proposed for deletion.", field="component"
        )
    data = ComponentInput(
        table=target.table, title=target.title, code=target.code, term_number=target.term_number,
        total_terms=target.total_terms, ects=target.ects,
        recognition_conditions=target.recognition_conditions, short_description=target.short_description,
        reason_code=reason_code, reason_text=reason_text, course_id=target.course_id,
    )  # fmt: skip
    values = _validated_component(data, status=ComponentStatus.DELETED)
    deletion = Component.objects.create(
        proposal=proposal,
        status=ComponentStatus.DELETED,
        deletes=target,
        position=_next_position(proposal, target.table),
        **values,
    )
    _content_changed(proposal, actor=actor, reason="deletion proposed")
    _bump(la)
    audit.record(
        actor=actor,
        action="learning_agreement.component_deletion_proposed",
        target=la,
        data={
            "proposal": proposal.number,
            "component": target.pk,
            "title": target.title,
            "reason_code": reason_code,
        },
    )
    return deletion


@transaction.atomic
def proposal_start_changes(*, la: LearningAgreement, actor: User) -> ChangeProposal:
    la = _locked(la)
    if not can_edit_learning_agreement(actor, la):
        raise DomainError(
            ErrorCode.PERMISSION_DENIED, "You may not propose changes to this learning agreement."
        )
    if la.status == LearningAgreementStatus.DRAFT:
        raise DomainError(ErrorCode.INVALID_STATE, "The first version is not approved yet: edit it instead.")
    if open_proposal(la) is not None:
        raise DomainError(
            ErrorCode.INVALID_STATE, "Changes are already proposed; finish or withdraw them first."
        )
    number = (la.proposals.aggregate(top=Max("number"))["top"] or 0) + 1
    proposal = ChangeProposal.objects.create(
        learning_agreement=la, number=number, kind=ProposalKind.CHANGES, created_by=_user(actor)
    )
    la.status = LearningAgreementStatus.CHANGES_PROPOSED
    la.save(update_fields=["status", "updated_at"])
    _bump(la)
    audit.record(
        actor=actor,
        action="learning_agreement.changes_started",
        target=la,
        data={"proposal": proposal.number},
    )
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: ChangeProposal, actor: User) -> ChangeProposal:
    la = _locked(proposal.learning_agreement)
    proposal = ChangeProposal.objects.select_for_update().get(pk=proposal.pk)
    if not can_edit_learning_agreement(actor, la):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not withdraw this proposal.")
    if proposal.status != ProposalStatus.OPEN or proposal.kind != ProposalKind.CHANGES:
        raise DomainError(ErrorCode.INVALID_STATE, "Only open change proposals can be withdrawn.")
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at", "updated_at"])
    la.status = LearningAgreementStatus.APPROVED
    la.save(update_fields=["status", "updated_at"])
    _bump(la)
    audit.record(
        actor=actor,
        action="learning_agreement.changes_withdrawn",
        target=la,
        data={"proposal": proposal.number},
    )
    return proposal


# Signatures -------------------------------------------------------------------------------------------------


@dataclass
class SignatureInput:
    role: str
    signer_name: str
    signer_position: str = ""
    signer_email: str = ""
    # The revision the signer saw: signing something that changed meanwhile is refused.
    revision: int | None = None


def _signing_problems(proposal: ChangeProposal) -> list[rules.RuleProblem]:
    la = proposal.learning_agreement
    problems = rules.check(proposal_result(proposal), mobility_type=la.mobility.mobility_type)
    if proposal.kind == ProposalKind.CHANGES and not proposal.components.exists():
        problems.append(rules.RuleProblem("no_changes", "This proposal changes nothing yet."))
    return rules.blocking(problems)


@transaction.atomic
def proposal_sign(
    *,
    proposal: ChangeProposal,
    data: SignatureInput,
    actor: User | None,
    invitation: SigningInvitation | None = None,
    now: dt.datetime | None = None,
) -> Signature:
    la = _locked(proposal.learning_agreement)
    proposal = ChangeProposal.objects.select_for_update().get(pk=proposal.pk)
    role = data.role
    if role not in SignerRole.values:
        raise DomainError(ErrorCode.INVALID_CHOICE, "Unknown signer role.", field="role")
    if invitation is not None:
        if invitation.proposal_id != proposal.pk or invitation.role != role:
            raise DomainError(ErrorCode.PERMISSION_DENIED, "This link does not allow that signature.")
    elif role not in signer_roles(actor, la):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not sign for this party.", field="role")
    if proposal.status != ProposalStatus.OPEN:
        raise DomainError(ErrorCode.INVALID_STATE, "This proposal is no longer open for signatures.")
    if data.revision is not None and data.revision != proposal.revision:
        raise DomainError(
            ErrorCode.EDIT_CONFLICT,
            "The proposal changed since you opened it; read it again before signing.",
            extra={"current_revision": proposal.revision},
        )
    if proposal.signatures.filter(role=role).exists():
        raise DomainError(ErrorCode.DUPLICATE, "This party has already signed.", field="role")
    problems = _signing_problems(proposal)
    if problems:
        raise DomainError(
            LearningErrorCode.RULES_NOT_MET,
            " ".join(p.message for p in problems),
            extra={"problems": [{"code": p.code, "message": p.message} for p in problems]},
        )
    signed_roles = set(proposal.signatures.values_list("role", flat=True))
    if role == SignerRole.RECEIVING and not {SignerRole.STUDENT, SignerRole.SENDING} <= signed_roles:
        raise DomainError(
            ErrorCode.INVALID_STATE,
            "The receiving institution signs after the student and the sending institution.",
        )
    name = data.signer_name.strip()
    if not name:
        raise DomainError(ErrorCode.REQUIRED, "Give the name of the person signing.", field="signer_name")
    if role != SignerRole.STUDENT and not data.signer_position.strip():
        raise DomainError(
            ErrorCode.REQUIRED, "Give the position of the person signing.", field="signer_position"
        )
    when = now or timezone.now()
    signature = Signature.objects.create(
        proposal=proposal,
        role=role,
        signer=_user(actor),
        signer_name=name[:200],
        signer_position=data.signer_position.strip()[:200],
        signer_email=data.signer_email.strip(),
        signed_at=when,
        method=SignatureMethod.EMAIL_LINK if invitation is not None else SignatureMethod.ACCOUNT,
        invitation=invitation,
    )
    if invitation is not None:
        SigningInvitation.objects.filter(pk=invitation.pk).update(used_at=when)
    audit.record(
        actor=actor if invitation is None else None,
        action="learning_agreement.signed",
        target=la,
        data={"proposal": proposal.number, "revision": proposal.revision, "role": role, "signer": name,
              "method": signature.method},
    )  # fmt: skip
    if len(signed_roles) + 1 == len(SignerRole.values):
        _approve(la, proposal, actor=actor, when=when)
    else:
        notices.signature_added(la, proposal, signature, actor=actor)
    return signature


def _approve(
    la: LearningAgreement, proposal: ChangeProposal, *, actor: User | None, when: dt.datetime
) -> None:
    proposal.status = ProposalStatus.APPROVED
    proposal.decided_at = when
    proposal.save(update_fields=["status", "decided_at", "updated_at"])
    la.status = LearningAgreementStatus.APPROVED
    fields = ["status", "updated_at"]
    if proposal.kind == ProposalKind.FIRST_VERSION:
        la.first_approved_at = when
        fields.append("first_approved_at")
    la.save(update_fields=fields)
    _bump(la)
    audit.record(
        actor=actor,
        action="learning_agreement.approved",
        target=la,
        data={"proposal": proposal.number, "kind": proposal.kind},
    )
    notices.proposal_approved(la, proposal, actor=actor)


@transaction.atomic
def proposal_return(
    *,
    proposal: ChangeProposal,
    comment: str,
    actor: User | None,
    invitation: SigningInvitation | None = None,
    author_name: str = "",
) -> Comment:
    """An institution returns the proposal with a comment (EWP comment-proposal); signatures are cleared."""
    la = _locked(proposal.learning_agreement)
    proposal = ChangeProposal.objects.select_for_update().get(pk=proposal.pk)
    if invitation is None:
        roles = signer_roles(actor, la) - {SignerRole.STUDENT}
        if not roles:
            raise DomainError(ErrorCode.PERMISSION_DENIED, "Only the institutions can return a proposal.")
    elif invitation.proposal_id != proposal.pk:
        raise DomainError(ErrorCode.PERMISSION_DENIED, "This link does not allow that.")
    if proposal.status != ProposalStatus.OPEN:
        raise DomainError(ErrorCode.INVALID_STATE, "This proposal is no longer open.")
    body = comment.strip()
    if not body:
        raise DomainError(ErrorCode.REQUIRED, "Say what should change.", field="comment")
    note = Comment.objects.create(
        learning_agreement=la,
        proposal=proposal,
        author=_user(actor) if invitation is None else None,
        author_name=(author_name or str(actor))[:200] if invitation is None else invitation.name,
        body=body,
    )
    _content_changed(proposal, actor=actor, reason="returned with a comment")
    _bump(la)
    audit.record(
        actor=actor if invitation is None else None,
        action="learning_agreement.returned",
        target=la,
        data={"proposal": proposal.number, "comment": note.pk, "by": note.author_name},
    )
    notices.proposal_returned(la, proposal, note, actor=actor)
    return note


@transaction.atomic
def comment_add(
    *, la: LearningAgreement, body: str, actor: User | None, invitation: SigningInvitation | None = None
) -> Comment:
    if invitation is None and not can_take_part(actor, la):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not comment on this learning agreement.")
    text = body.strip()
    if not text:
        raise DomainError(ErrorCode.REQUIRED, "Write a comment first.", field="body")
    if len(text) > 5000:
        raise DomainError(ErrorCode.TOO_LONG, "A comment has at most 5000 characters.", field="body")
    proposal = open_proposal(la)
    note = Comment.objects.create(
        learning_agreement=la,
        proposal=proposal,
        author=_user(actor) if invitation is None else None,
        author_name=str(actor)[:200] if invitation is None else invitation.name,
        body=text,
    )
    audit.record(
        actor=actor if invitation is None else None,
        action="learning_agreement.commented",
        target=la,
        data={"comment": note.pk, "by": note.author_name},
    )
    notices.comment_added(la, note, actor=actor)
    return note


def partner_role(la: LearningAgreement) -> str:
    return str(partner_side_role(la.mobility))
