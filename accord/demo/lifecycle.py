"""Demo: a few Faculty of Science agreements walked through the lifecycle with the real services.

One waits for the officers' approval, one was approved by the partner and changed since (so "what changed
since the partner approved" has something to show), and double degrees get a configured approver. Everything
goes through the services, so the history, revisions and notifications are what users would have produced.
There is no renewal here: the demo's sizes count agreements exactly.
"""

from __future__ import annotations

from django.db.models import Q

from accord.accounts.models import User
from accord.agreements.lifecycle.services import agreement_transition
from accord.agreements.models import (
    EXCHANGE_KINDS,
    Agreement,
    AgreementApprover,
    AgreementKind,
    AgreementStatus,
)
from accord.agreements.services import agreement_input_from, agreement_update
from accord.common.errors import DomainError
from accord.common.roles import Role

S = AgreementStatus


def _first(science_id: int, status: str) -> Agreement | None:
    return (
        Agreement.objects.filter(kind__in=EXCHANGE_KINDS, status=status)
        .filter(Q(owner_unit_id=science_id) | Q(owner_unit__parent_id=science_id))
        .order_by("valid_to", "pk")
        .first()
    )


def build_lifecycle(*, science_id: int) -> int:
    """Walk a few agreements through their lifecycle; returns how many transitions were made."""
    users = {
        u.role: u for u in User.objects.filter(username__in=("admin", "officer", "coordinator", "partner"))
    }
    officer, coordinator = users.get(Role.OFFICER), users.get(Role.COORDINATOR)
    admin = users.get(Role.ADMIN)
    if officer is None or coordinator is None or admin is None:
        return 0
    AgreementApprover.objects.get_or_create(kind=AgreementKind.DOUBLE_DEGREE, user=officer)
    done = 0
    steps: list[tuple[str, str, User, str]] = [
        (S.DRAFT, "propose", coordinator, ""),
        (S.NEGOTIATION, "partner_approve", officer, ""),
    ]
    for status, action, actor, note in steps:
        agreement = _first(science_id, status)
        if agreement is None:
            continue
        try:
            agreement_transition(agreement=agreement, action=action, actor=actor, note=note)
        except DomainError:  # the generated data did not fit this step: the demo goes on without it
            continue
        done += 1
        if action == "partner_approve":
            _change_after_approval(agreement, coordinator)
    return done


def _change_after_approval(agreement: Agreement, actor: User) -> None:
    """One more place in the first condition, after the partner approved: a change to show in the diff."""
    data = agreement_input_from(agreement)
    if not data.conditions:
        return
    data.conditions[0].places_per_year += 1
    try:
        agreement_update(agreement=agreement, data=data, actor=actor)
    except DomainError:
        return
