"""Reads of learning agreements, always scoped to the actor (catalogues and equivalences: `courses/`).

The content of an agreement is never stored twice: the components *in force* are those of the approved first
version plus the approved insertions minus the approved deletions, and the result of an open proposal is the
content in force with that proposal's changes applied.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from accord.accounts.models import User
from accord.agreements.models import STUDENT_MOBILITY_TYPES
from accord.learning.models import (
    ChangeProposal,
    Component,
    ComponentStatus,
    ComponentTable,
    LearningAgreement,
    ProposalKind,
    ProposalStatus,
)
from accord.mobility.models import Mobility
from accord.mobility.selectors import mobilities_visible_to, person_matches


def learning_agreements_visible_to(actor: User | None) -> QuerySet[LearningAgreement]:
    return LearningAgreement.objects.filter(mobility__in=mobilities_visible_to(actor).values("pk"))


@dataclass(frozen=True)
class LearningAgreementFilters:
    q: str = ""
    status: str = ""
    direction: str = ""
    academic_year: int | None = None
    institution: int | None = None
    awaiting: str = ""  # a signer role whose signature the open proposal still lacks


def learning_agreement_list(
    *, actor: User, filters: LearningAgreementFilters | None = None
) -> QuerySet[LearningAgreement]:
    f = filters or LearningAgreementFilters()
    qs = learning_agreements_visible_to(actor)
    if f.q:
        qs = qs.filter(person_matches(f.q, via="mobility__person"))
    if f.status:
        qs = qs.filter(status=f.status)
    if f.direction:
        qs = qs.filter(mobility__direction=f.direction)
    if f.academic_year:
        qs = qs.filter(mobility__academic_year_id=f.academic_year)
    if f.institution:
        qs = qs.filter(
            Q(mobility__home_institution_id=f.institution) | Q(mobility__host_institution_id=f.institution)
        )
    if f.awaiting:
        open_proposals = ChangeProposal.objects.filter(
            learning_agreement=OuterRef("pk"), status=ProposalStatus.OPEN
        )
        signed = open_proposals.filter(signatures__role=f.awaiting)
        qs = qs.filter(Exists(open_proposals)).exclude(Exists(signed))
    return qs.select_related(
        "mobility__person",
        "mobility__home_institution",
        "mobility__host_institution",
        "mobility__academic_year",
    )


STARTABLE_LIMIT = 10


def mobilities_without_agreement(*, actor: User, q: str = "") -> list[Mobility]:
    """Student mobilities the actor sees that have no agreement yet, those of a person matching `q` if given.

    Who may start one, and whether they must search first, is `permissions.startable_mobilities`.
    """
    qs = mobilities_visible_to(actor).filter(
        mobility_type__in=STUDENT_MOBILITY_TYPES, learning_agreement__isnull=True
    )
    if q:
        qs = qs.filter(person_matches(q, via="person"))
    return list(
        qs.select_related("person", "host_institution", "home_institution").order_by("-planned_start", "-id")[
            :STARTABLE_LIMIT
        ]
    )


def open_proposal(la: LearningAgreement) -> ChangeProposal | None:
    return la.proposals.filter(status=ProposalStatus.OPEN).first()


def proposals_with_details(la: LearningAgreement) -> QuerySet[ChangeProposal]:
    return la.proposals.select_related("created_by").prefetch_related(
        Prefetch("components", queryset=Component.objects.select_related("deletes", "course")),
        "signatures",
    )


def components_in_force(la: LearningAgreement) -> list[Component]:
    """What the three parties last agreed: the approved first version with every approved change applied."""
    approved = Component.objects.filter(
        proposal__learning_agreement=la, proposal__status=ProposalStatus.APPROVED
    ).select_related("course")
    rows = list(approved.order_by("table", "proposal__number", "position", "id"))
    deleted = {c.deletes_id for c in rows if c.status == ComponentStatus.DELETED}
    return [c for c in rows if c.status != ComponentStatus.DELETED and c.pk not in deleted]


def proposal_result(proposal: ChangeProposal) -> list[Component]:
    """The tables as they would be if this proposal were approved."""
    own = list(proposal.components.select_related("course").order_by("table", "position", "id"))
    if proposal.kind == ProposalKind.FIRST_VERSION:
        return own
    deleted = {c.deletes_id for c in own if c.status == ComponentStatus.DELETED}
    base = [c for c in components_in_force(proposal.learning_agreement) if c.pk not in deleted]
    inserted = [c for c in own if c.status == ComponentStatus.INSERTED]
    return sorted(base + inserted, key=lambda c: (c.table, c.proposal_id, c.position, c.pk))


@dataclass(frozen=True)
class TableTotals:
    a: Decimal
    b: Decimal
    c: Decimal


def totals(components: list[Component]) -> TableTotals:
    def total(table: str) -> Decimal:
        return sum((c.ects or Decimal(0) for c in components if c.table == table), Decimal(0))

    return TableTotals(total(ComponentTable.A), total(ComponentTable.B), total(ComponentTable.C))


def by_table(components: list[Component]) -> dict[str, list[Component]]:
    tables: dict[str, list[Component]] = {t.value: [] for t in ComponentTable}
    for component in components:
        tables[component.table].append(component)
    return tables
