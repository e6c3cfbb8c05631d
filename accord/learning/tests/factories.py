"""Learning agreements ready to sign, for tests."""

from decimal import Decimal
from typing import Any

from accord.learning import services
from accord.learning.models import LearningAgreement
from accord.mobility.models import Mobility

DETAILS = services.DetailsInput(language="en", cefr_level="B2", eqf_level=6, isced_code="")


def component(
    table: str, title: str, ects: str, *, code: str = "", term: tuple[int, int] = (1, 2), **extra: Any
) -> services.ComponentInput:
    return services.ComponentInput(
        table=table,
        title=title,
        code=code,
        ects=Decimal(ects),
        term_number=term[0],
        total_terms=term[1],
        **extra,
    )


def make_learning_agreement(mobility: Mobility, actor: Any, *, filled: bool = True) -> LearningAgreement:
    """An agreement with a first version that passes the rules: 30 ECTS studied, 30 recognised."""
    la = services.learning_agreement_create(mobility=mobility, actor=actor, data=DETAILS)
    if filled:
        services.component_add(la=la, data=component("A", "Algorithms", "15", code="ALG"), actor=actor)
        services.component_add(la=la, data=component("A", "Databases", "15", code="DB"), actor=actor)
        services.component_add(
            la=la, data=component("B", "Computer science abroad", "30", code="CS-X"), actor=actor
        )
        la.refresh_from_db()
    return la


def sign_as(la: LearningAgreement, actor: Any, role: str, **kwargs: Any) -> Any:
    proposal = la.proposals.get(status="open")
    data = services.SignatureInput(role=role, signer_name=str(actor), signer_position="Coordinator", **kwargs)
    return services.proposal_sign(proposal=proposal, data=data, actor=actor)


def approve_first_version(la: LearningAgreement, world: Any) -> None:
    sign_as(la, world.users["student"], "student")
    sign_as(la, world.users["coordinator"], "sending")
    sign_as(la, world.users["partner_contact"], "receiving")
    la.refresh_from_db()
