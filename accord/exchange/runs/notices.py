"""What students are told about runs and offers, through the shared notifications (in-app and e-mail)."""

from django.urls import reverse

from accord.accounts.models import User
from accord.exchange.models import Application, Decision, Offer, Run
from accord.notifications.services import notify


def tell_student(application: Application, *, subject: str, body: str, actor: User | None) -> None:
    user = application.person.user
    if user is None:
        return
    notify(
        actor=actor,
        recipients=[user],
        subject=subject,
        body=body,
        url=reverse("exchange:my_applications"),
        extra_emails=[],
    )


def tell_result(decision: Decision, run: Run, offer: Offer | None) -> None:
    """A published round's outcome for one applicant: the place offered, or none of those they ranked."""
    if offer is not None:
        subject = f"You have been offered a place at {offer.place.partner.name}"
        body = (
            f"The allocation of “{run.call.title}” (round {run.round}) offers you a place at "
            f"{offer.place.partner.name}. Accept or decline it by {offer.respond_by:%d %b %Y %H:%M}."
        )
    else:
        subject = f"The allocation of “{run.call.title}” is published"
        body = (
            f"Round {run.round} could not give you any of the places you ranked. You are on the waiting list "
            "of the places whose reason says 'full', and take part in the next round automatically."
        )
    tell_student(decision.application, subject=subject, body=body, actor=run.published_by)


def tell_moved_up(decision: Decision, run: Run, offer: Offer, *, actor: User) -> None:
    tell_student(
        decision.application,
        subject=f"Round {run.round}: you moved up to {offer.place.partner.name}",
        body=(
            f"A seat opened at {offer.place.partner.name}, which you ranked above the place you accepted. "
            "It is now yours and your nomination was changed accordingly."
        ),
        actor=actor,
    )


def remind_to_answer(offer: Offer) -> None:
    tell_student(
        offer.application,
        subject=f"Reminder: answer your offer from {offer.place.partner.name}",
        body=f"Accept or decline the place at {offer.place.partner.name} by "
        f"{offer.respond_by:%d %b %Y %H:%M}; "
        "after that it goes to another student.",
        actor=None,
    )
