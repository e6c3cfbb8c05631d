"""What the learning agreement page shows to one person: tables, totals, signatures and their own actions."""

from dataclasses import dataclass
from typing import Any

from accord.accounts.models import User
from accord.common.audit import history_for
from accord.common.roles import Role
from accord.learning import rules, selectors
from accord.learning.courses.permissions import can_approve_equivalences
from accord.learning.courses.selectors import equivalence_suggestions
from accord.learning.forms import (
    ApplyEquivalenceForm,
    CommentForm,
    InvitationForm,
    RememberEquivalenceForm,
    ReturnForm,
    SignForm,
)
from accord.learning.models import (
    ChangeProposal,
    ComponentStatus,
    ComponentTable,
    LearningAgreement,
    ProposalKind,
    ProposalStatus,
    Signature,
    SignerRole,
)
from accord.learning.permissions import (
    can_edit_learning_agreement,
    can_take_part,
    coordinates,
    partner_side_role,
    signer_roles,
)
from accord.mobility.models import Direction, Mobility

POSITION_BY_ROLE: dict[str, str] = {
    Role.COORDINATOR: "Faculty coordinator",
    Role.OFFICER: "International officer",
    Role.PARTNER: "Coordinator",
}


@dataclass(frozen=True)
class SignatureSlot:
    role: str
    label: str
    institution: str
    signature: Signature | None


def sides(mobility: Mobility) -> dict[str, str]:
    """The institution each signer speaks for."""
    home, host = str(mobility.home_institution), str(mobility.host_institution)
    return {SignerRole.STUDENT: str(mobility.person), SignerRole.SENDING: home, SignerRole.RECEIVING: host}


def signature_slots(proposal: ChangeProposal, mobility: Mobility) -> list[SignatureSlot]:
    signed = {s.role: s for s in proposal.signatures.all()}
    names = sides(mobility)
    return [
        SignatureSlot(role, str(label), names[role], signed.get(role)) for role, label in SignerRole.choices
    ]


def _sign_form(actor: User, role: str, proposal: ChangeProposal) -> SignForm:
    position = "" if role == SignerRole.STUDENT else POSITION_BY_ROLE.get(actor.role, "")
    initial = {
        "role": role, "revision": proposal.revision, "signer_name": actor.get_full_name() or actor.username,
        "signer_position": position, "signer_email": actor.email,
    }  # fmt: skip
    return SignForm(initial=initial, prefix=f"sign-{role}")


def _may_sign_now(role: str, proposal: ChangeProposal) -> bool:
    signed = proposal.signed_roles()
    if role in signed:
        return False
    return role != SignerRole.RECEIVING or {SignerRole.STUDENT, SignerRole.SENDING} <= signed


def _waits(role: str, proposal: ChangeProposal) -> bool:
    return role not in proposal.signed_roles() and not _may_sign_now(role, proposal)


def _bound_or_new(bound: SignForm | None, actor: User, role: str, proposal: ChangeProposal) -> SignForm:
    """The form just submitted for this role (with its errors), or a fresh one."""
    if bound is not None and bound.prefix == f"sign-{role}":
        return bound
    return _sign_form(actor, role, proposal)


def agreement_context(la: LearningAgreement, *, actor: User, forms: dict[str, Any]) -> dict[str, Any]:
    la = LearningAgreement.objects.select_related(
        "mobility__person", "mobility__home_institution", "mobility__host_institution", "mobility__unit",
        "mobility__academic_year", "mobility__agreement", "isced",
    ).get(pk=la.pk)  # fmt: skip
    mobility = la.mobility
    proposals = list(selectors.proposals_with_details(la))
    open_proposal = next((p for p in proposals if p.status == ProposalStatus.OPEN), None)
    approved = [p for p in proposals if p.status == ProposalStatus.APPROVED]
    in_force = selectors.components_in_force(la)
    can_edit = can_edit_learning_agreement(actor, la)
    roles = signer_roles(actor, la)
    context: dict[str, Any] = {
        "la": la,
        "mobility": mobility,
        "is_outgoing": mobility.direction == Direction.OUTGOING,
        "proposals": proposals,
        "open": open_proposal,
        "last_approved": approved[-1] if approved else None,
        "in_force": selectors.by_table(in_force),
        "in_force_totals": selectors.totals(in_force),
        "tables": ComponentTable.choices,
        "can_edit": can_edit,
        "can_take_part": can_take_part(actor, la),
        "coordinates": coordinates(actor, la.mobility),
        "partner_role": partner_side_role(mobility),
        "comments": la.comments.select_related("author", "proposal"),
        "comment_form": forms.get("comment") or CommentForm(),
        "events": history_for(la),
        "credit_bounds": rules.credit_bounds(),
    }
    if open_proposal is not None:
        result = selectors.proposal_result(open_proposal)
        own = list(open_proposal.components.all())
        shown = result
        problems = rules.check(result, mobility_type=mobility.mobility_type)
        if open_proposal.kind == ProposalKind.CHANGES and not own:
            problems.append(rules.RuleProblem("no_changes", "This proposal changes nothing yet."))
        if open_proposal.kind == ProposalKind.CHANGES:
            inserted = [c for c in own if c.status == ComponentStatus.INSERTED]
            shown = sorted(in_force + inserted, key=lambda c: (c.table, c.proposal_id, c.position, c.pk))
        context.update(
            open_rows=selectors.by_table(shown),
            open_mode=("draft" if open_proposal.kind == ProposalKind.FIRST_VERSION else "changes")
            if can_edit
            else "view",
            open_totals=selectors.totals(result),
            open_changes=own if open_proposal.kind == ProposalKind.CHANGES else [],
            deleted_ids={c.deletes_id for c in own if c.status == ComponentStatus.DELETED},
            problems=problems,
            blocked=bool(rules.blocking(problems)),
            open_slots=signature_slots(open_proposal, mobility),
            sign_forms={
                role: _bound_or_new(forms.get("sign"), actor, role, open_proposal)
                for role in sorted(roles)
                if _may_sign_now(role, open_proposal)
            },
            waiting_roles=[r for r in sorted(roles) if _waits(r, open_proposal)],
            can_return=bool(roles - {SignerRole.STUDENT}),
            return_form=forms.get("return") or ReturnForm(),
            invite_form=forms.get("invite") or InvitationForm(),
            invitations=list(open_proposal.invitations.all()),
        )
        if can_edit:
            context["suggestions"] = equivalence_suggestions(la)
            context["apply_form"] = ApplyEquivalenceForm()
    if approved:
        context["approved_slots"] = signature_slots(approved[-1], mobility)
    if can_approve_equivalences(actor) and context["coordinates"] and in_force:
        host = [c for c in in_force if c.table != ComponentTable.B]
        home = [c for c in in_force if c.table == ComponentTable.B]
        context["remember_form"] = forms.get("remember") or RememberEquivalenceForm(host=host, home=home)
    return context
