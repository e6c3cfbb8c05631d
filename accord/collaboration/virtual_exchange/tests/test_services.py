"""Offers, who may post them, and a proposal from posting to acceptance."""

import datetime as dt
from decimal import Decimal

import pytest

from accord.collaboration.models import OfferStatus, ProposalStatus
from accord.collaboration.tests.factories import make_offer, offer_input
from accord.collaboration.virtual_exchange import services
from accord.collaboration.virtual_exchange.adapters import suggestions_for
from accord.collaboration.virtual_exchange.selectors import offers_visible_to
from accord.common.errors import DomainError
from accord.common.models import AuditEvent
from accord.notifications.models import Notification
from accord_testing.world import World


def _pair(world: World):
    ours = make_offer(world.users["coordinator"], world.home, world.faculty_a)
    theirs = make_offer(
        world.users["partner_contact"],
        world.partner,
        title="Social robots",
        description="Robots for care homes: design and ethics.",
        timezone="Europe/Warsaw",
        slots=[{"weekday": 1, "start": "14:30", "end": "16:00"}],
        start_date=dt.date(2027, 3, 1),
        end_date=dt.date(2027, 6, 30),
    )
    return ours, theirs


def test_a_coordinator_posts_for_their_units_only(world: World) -> None:
    offer = make_offer(world.users["coordinator"], world.home, world.faculty_a)
    assert offer.status == OfferStatus.OPEN and offer.language_codes == ",en,"
    event = AuditEvent.objects.get(action="virtual_exchange_offer.created", target_id=str(offer.pk))
    assert event.changes["title"] == [None, "Robotics and society"]
    with pytest.raises(DomainError) as refused:
        make_offer(world.users["coordinator"], world.home, world.faculty_b)
    assert refused.value.code == "permission_denied"


def test_a_partner_contact_posts_their_institution_s_courses(world: World) -> None:
    offer = make_offer(world.users["partner_contact"], world.partner)
    assert offer.institution == world.partner and offer.unit is None
    with pytest.raises(DomainError):
        make_offer(world.users["partner_contact"], world.other_partner)


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"timezone": "Mars/Olympus"}, "unknown_timezone", "timezone"),
        ({"end_date": dt.date(2027, 1, 1)}, "dates_out_of_order", "end_date"),
        ({"slots": [{"weekday": 7, "start": "10:00", "end": "11:00"}]}, "invalid_slot", "slots"),
        ({"slots": [{"weekday": 1, "start": "11:00", "end": "10:00"}]}, "invalid_slot", "slots"),
        ({"slots": [{"weekday": 1, "start": "9am", "end": "10:00"}]}, "invalid_slot", "slots"),
        ({"languages": []}, "required", "languages"),
        ({"languages": [{"code": "xx-notreal-", "cefr": ""}]}, "invalid_language", "languages"),
        ({"languages": [{"code": "en", "cefr": "D9"}]}, "invalid_language", "languages"),
        ({"isced": "0777"}, "invalid_choice", "isced"),
        ({"eqf_level": 4}, "out_of_range", "eqf_level"),
        ({"class_size": 0}, "out_of_range", "class_size"),
        ({"tools": ["telepathy"]}, "invalid_choice", "tools"),
        ({"teacher_email": "not an address"}, "invalid_email", "teacher_email"),
        ({"title": "  "}, "required", "title"),
    ],
)
def test_bad_offers_are_refused_naming_the_field(
    world: World, overrides: dict, code: str, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        services.offer_create(
            data=offer_input(world.home, world.faculty_a, **overrides), actor=world.users["officer"]
        )
    assert (refused.value.code, refused.value.field) == (code, field)


def test_partners_see_their_own_offers_and_ours_students_none(world: World) -> None:
    ours, theirs = _pair(world)
    elsewhere = make_offer(world.users["officer"], world.other_partner)
    assert set(offers_visible_to(world.users["partner_contact"])) == {ours, theirs}
    assert set(offers_visible_to(world.users["outsider"])) == {ours, theirs, elsewhere}
    assert not offers_visible_to(world.users["student"]).exists()


def test_suggestions_explain_themselves_and_skip_our_own_and_other_languages(world: World) -> None:
    ours, theirs = _pair(world)
    make_offer(world.users["coordinator"], world.home, world.faculty_a, title="Our other course")
    make_offer(world.users["officer"], world.other_partner, languages=[{"code": "es", "cefr": ""}])
    suggestions = suggestions_for(ours, actor=world.users["coordinator"])
    assert [s.offer for s in suggestions] == [theirs]
    best = suggestions[0]
    assert best.overlap_weeks == 15  # 2027-03-01 .. 2027-06-15: 107 days
    # 14:30-15:30 on each of the 16 Tuesdays of 107 days in common: 16 h / (107 / 7) weeks.
    assert best.live_overlap_hours_per_week == 1.05
    factors = {c.factor for c in best.contributions}
    assert {"discipline", "live sessions", "calendar", "language"} <= factors
    partnership = next(c for c in best.contributions if c.factor == "partnership")
    # The world has an active agreement between the two institutions.
    assert partnership.points > 0 and partnership.detail == "existing partners"
    assert 0 < best.score <= 100


def test_a_proposal_is_answered_by_the_other_side_and_matches_both(world: World) -> None:
    ours, theirs = _pair(world)
    shown = suggestions_for(ours, actor=world.users["coordinator"])[0]
    proposal = services.proposal_create(
        from_offer=ours, to_offer=theirs, message="Shall we?", actor=world.users["coordinator"]
    )
    assert proposal.score == Decimal(f"{shown.score:.2f}")  # the figure the proposer was shown
    assert proposal.overlap_weeks == 15 and proposal.score > 0 and "discipline" in proposal.explanation
    assert Notification.objects.filter(recipient=world.users["partner_contact"]).count() == 1
    with pytest.raises(DomainError) as twice:
        services.proposal_create(
            from_offer=ours, to_offer=theirs, message="", actor=world.users["coordinator"]
        )
    assert twice.value.code == "already_proposed"
    with pytest.raises(DomainError) as own_side:
        services.proposal_accept(proposal=proposal, actor=world.users["coordinator"])
    assert own_side.value.code == "permission_denied"

    services.proposal_accept(proposal=proposal, actor=world.users["partner_contact"], message="Gladly")
    proposal.refresh_from_db()
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.response == "Gladly"
    assert ours.status == theirs.status == OfferStatus.MATCHED
    assert Notification.objects.filter(recipient=world.users["coordinator"]).count() == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"virtual_exchange_proposal.created", "virtual_exchange_proposal.accepted"} <= actions
    with pytest.raises(DomainError) as again:
        services.proposal_decline(proposal=proposal, actor=world.users["partner_contact"])
    assert again.value.code == "invalid_state"


def test_pairs_the_engine_would_never_suggest_cannot_be_proposed(world: World) -> None:
    ours, _theirs = _pair(world)
    short = make_offer(
        world.users["partner_contact"],
        world.partner,
        start_date=dt.date(2027, 6, 1),
        end_date=dt.date(2027, 9, 1),
    )
    with pytest.raises(DomainError) as refused:
        services.proposal_create(
            from_offer=ours, to_offer=short, message="", actor=world.users["coordinator"]
        )
    assert refused.value.code == "too_little_overlap"  # 2027-06-01 .. 06-15: 15 days
    same = make_offer(world.users["coordinator"], world.home, world.faculty_a)
    with pytest.raises(DomainError) as refused:
        services.proposal_create(from_offer=ours, to_offer=same, message="", actor=world.users["coordinator"])
    assert refused.value.code == "same_institution"


def test_withdrawing_an_offer_withdraws_its_open_proposals(world: World) -> None:
    ours, theirs = _pair(world)
    proposal = services.proposal_create(
        from_offer=ours, to_offer=theirs, message="", actor=world.users["coordinator"]
    )
    services.offer_withdraw(offer=theirs, actor=world.users["partner_contact"])
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    with pytest.raises(DomainError) as refused:
        services.proposal_create(
            from_offer=ours, to_offer=theirs, message="", actor=world.users["coordinator"]
        )
    assert refused.value.code == "not_open"


def test_an_edit_against_an_old_version_is_a_conflict(world: World) -> None:
    offer = make_offer(world.users["coordinator"], world.home, world.faculty_a)
    data = offer_input(world.home, world.faculty_a, title="Robotics, society and law")
    services.offer_update(offer=offer, data=data, actor=world.users["coordinator"], expected_version=1)
    offer.refresh_from_db()
    assert offer.version == 2 and offer.title == "Robotics, society and law"
    changed = AuditEvent.objects.get(action="virtual_exchange_offer.changed")
    assert changed.changes == {"title": ["Robotics and society", "Robotics, society and law"]}
    with pytest.raises(DomainError) as stale:
        services.offer_update(offer=offer, data=data, actor=world.users["coordinator"], expected_version=1)
    assert stale.value.code == "edit_conflict"
