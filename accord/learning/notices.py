"""Who hears about what happens to a learning agreement: the parties, in Accord and by e-mail."""

from django.urls import reverse

from accord.accounts.models import User
from accord.common.roles import Role
from accord.institutions.models import OrganisationalUnit
from accord.learning.models import ChangeProposal, Comment, LearningAgreement, Signature
from accord.learning.permissions import partner_institution_of
from accord.notifications.services import notify


def parties(la: LearningAgreement) -> list[User]:
    """The student, the coordinators of the mobility's unit and the partner institution's contacts."""
    mobility = la.mobility
    people: list[User] = []
    if mobility.person.user_id:
        people.append(mobility.person.user)  # type: ignore[arg-type]
    units = _with_ancestors(
        [mobility.unit_id, mobility.agreement.owner_unit_id if mobility.agreement is not None else None]
    )
    people.extend(User.objects.filter(role=Role.COORDINATOR, is_active=True, units__in=units).distinct())
    people.extend(
        User.objects.filter(
            role=Role.PARTNER, is_active=True, partner_institution_id=partner_institution_of(mobility)
        )
    )
    return people


def _with_ancestors(unit_ids: list[int | None]) -> set[int]:
    """Coordinators of a unit also coordinate the units below it, so the unit's ancestors count too."""
    found: set[int] = set()
    frontier = {u for u in unit_ids if u is not None}
    while frontier:
        found |= frontier
        parents = OrganisationalUnit.objects.filter(pk__in=frontier, parent__isnull=False)
        frontier = set(parents.values_list("parent_id", flat=True)) - found
    return found


def _who(la: LearningAgreement) -> str:
    return str(la.mobility.person)


def _tell_parties(
    la: LearningAgreement, *, actor: User | None, subject: str, body: str, email: bool = True
) -> None:
    notify(
        actor=actor,
        recipients=parties(la),
        subject=subject,
        body=body,
        url=reverse("learning:detail", args=[la.pk]),
        email=email,
    )


def signature_added(
    la: LearningAgreement, proposal: ChangeProposal, signature: Signature, *, actor: User | None
) -> None:
    _tell_parties(
        la,
        actor=actor,
        subject=f"Learning agreement of {_who(la)}: signed by the {signature.get_role_display().lower()}",
        body=f"{signature.signer_name} signed {proposal}. Still to sign: {proposal.missing_roles_display()}.",
    )


def proposal_approved(la: LearningAgreement, proposal: ChangeProposal, *, actor: User | None) -> None:
    _tell_parties(
        la,
        actor=actor,
        subject=f"Learning agreement of {_who(la)} approved",
        body=f"All three parties signed {proposal}.",
    )


def proposal_returned(
    la: LearningAgreement, proposal: ChangeProposal, comment: Comment, *, actor: User | None
) -> None:
    _tell_parties(
        la,
        actor=actor,
        subject=f"Learning agreement of {_who(la)} returned for changes",
        body=f"{comment.author_name} returned {proposal}: {comment.body}\nEarlier signatures were removed.",
    )


def comment_added(la: LearningAgreement, comment: Comment, *, actor: User | None) -> None:
    _tell_parties(
        la,
        actor=actor,
        subject=f"New comment on the learning agreement of {_who(la)}",
        body=f"{comment.author_name}: {comment.body}",
        email=False,
    )
