import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accord.common.errors import DomainError
from accord.common.models import AuditEvent
from accord.exchange import services
from accord.exchange.models import Application, ApplicationStatus, Document
from accord.exchange.scoring import Weights, compute_score
from accord.exchange.tests.factories import (
    AFTER_CLOSE,
    NOW,
    PDF_BYTES,
    apply,
    call_input,
    make_call,
    make_student,
    place_at,
)
from accord_testing.world import World


def test_places_are_drawn_from_outgoing_conditions_of_the_year(world: World) -> None:
    call = make_call(world)
    places = list(call.places.order_by("partner__name"))
    assert {p.partner_id for p in places} == {world.partner.pk, world.other_partner.pk}
    partner_place = place_at(call, world.partner)
    assert partner_place.capacity == 2
    assert partner_place.unit_id == world.faculty_a.pk  # the agreement's owner: faculty A's share
    assert partner_place.eqf_levels == [6, 7]
    assert AuditEvent.objects.filter(action="call.places_drawn").exists()
    # Drawing again adds nothing: every condition is already there.
    assert services.places_draw(call=call, actor=world.users["officer"]) == []


def test_conditions_outside_the_year_are_not_drawn(world: World) -> None:
    call = make_call(
        world,
        academic_year=2030,
        mobility_start=dt.date(2030, 9, 1),
        mobility_end=dt.date(2031, 1, 31),
        published=False,
    )
    assert not call.places.exists()
    with pytest.raises(DomainError) as error:
        services.call_publish(call=call, published=True, actor=world.users["officer"])
    assert error.value.code == "no_places"


def test_only_the_office_creates_calls(world: World) -> None:
    for persona in ("coordinator", "student", "auditor"):
        with pytest.raises(DomainError) as error:
            services.call_create(data=call_input(), actor=world.users[persona])
        assert error.value.code == "permission_denied"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"closes_at": NOW - dt.timedelta(days=30)}, "closes_at"),
        ({"mobility_end": dt.date(2026, 1, 1)}, "mobility_end"),
        ({"max_preferences": 0}, "max_preferences"),
        (
            {
                "weight_grades": Decimal(0),
                "weight_language": Decimal(0),
                "weight_motivation": Decimal(0),
                "weight_credits": Decimal(0),
            },
            "weight_grades",
        ),
        ({"required_languages": {"english": "B2"}}, "required_languages"),
        ({"required_languages": {"en": "B9"}}, "required_languages"),
        ({"eqf_levels": [9]}, "eqf_levels"),
    ],
)
def test_invalid_calls_name_the_field(world: World, changes: dict, field: str) -> None:
    with pytest.raises(DomainError) as error:
        services.call_create(data=call_input(**changes), actor=world.users["officer"])
    assert error.value.field == field


def test_a_student_applies_with_ranked_preferences(world: World) -> None:
    call = make_call(world)
    user = world.users["student"]
    places = [place_at(call, world.partner), place_at(call, world.other_partner)]
    application = apply(world, call, user, places, languages={"en-GB": "b2", "EN": "C1"})
    assert application.status == ApplicationStatus.SUBMITTED
    assert [p.place_id for p in application.preferences.all()] == [p.pk for p in places]
    assert application.languages == {"en": "C1"}  # one language, the best level
    assert application.score > 0
    assert AuditEvent.objects.filter(action="application.submitted", target_id=str(application.pk)).exists()


def test_applying_again_replaces_the_answers(world: World) -> None:
    call = make_call(world)
    user = world.users["student"]
    first = apply(world, call, user, [place_at(call, world.partner)])
    second = apply(world, call, user, [place_at(call, world.other_partner)], grade_average=Decimal(18))
    assert first.pk == second.pk
    assert Application.objects.count() == 1
    assert [p.place.partner_id for p in second.preferences.all()] == [world.other_partner.pk]


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"eqf_level": 8}, "not_eligible", "eqf_level"),
        ({"credits": Decimal(10)}, "not_eligible", "credits"),
        ({"grade_average": Decimal(25)}, "out_of_range", "grade_average"),
        ({"preferences": []}, "required", "preferences"),
        ({"languages": {"en": "Z9"}}, "invalid_cefr", "languages"),
    ],
)
def test_ineligible_applications_are_refused_with_the_field(
    world: World, changes: dict, code: str, field: str
) -> None:
    call = make_call(world)
    with pytest.raises(DomainError) as error:
        apply(world, call, world.users["student"], [place_at(call, world.partner)], **changes)
    assert (error.value.code, error.value.field) == (code, field)
    assert not Application.objects.exists()


def test_required_certificates_and_minimum_grades(world: World) -> None:
    call = make_call(world, required_languages={"en": "B2"}, min_grade_average=Decimal(12))
    place = place_at(call, world.partner)
    with pytest.raises(DomainError) as error:
        apply(world, call, world.users["student"], [place], languages={"en": "B1"})
    assert error.value.field == "languages"
    with pytest.raises(DomainError) as error:
        apply(world, call, world.users["student"], [place], grade_average=Decimal(11))
    assert error.value.field == "grade_average"
    assert apply(world, call, world.users["student"], [place], languages={"en-US": "C1"}).pk


def test_too_many_and_repeated_preferences_are_refused(world: World) -> None:
    call = make_call(world, max_preferences=1)
    places = [place_at(call, world.partner), place_at(call, world.other_partner)]
    with pytest.raises(DomainError) as error:
        apply(world, call, world.users["student"], places)
    assert error.value.code == "too_many_preferences"
    with pytest.raises(DomainError) as error:
        apply(world, make_call(world, title="Other"), world.users["student"], [places[0], places[0]])
    assert error.value.code in {"duplicate_preference", "unknown_place"}


def test_deadlines_are_enforced_by_the_server(world: World) -> None:
    call = make_call(world)
    place = place_at(call, world.partner)
    data = services.ApplicationInput(
        unit_id=world.faculty_a.pk,
        eqf_level=6,
        credits=Decimal(90),
        grade_average=Decimal(14),
        preferences=[place.pk],
    )
    with pytest.raises(DomainError) as error:
        services.application_submit(call=call, data=data, actor=world.users["student"], now=AFTER_CLOSE)
    assert error.value.code == "deadline_passed"
    with pytest.raises(DomainError) as error:
        services.application_submit(
            call=call, data=data, actor=world.users["student"], now=call.opens_at - dt.timedelta(seconds=1)
        )
    assert error.value.code == "call_not_open"
    application = services.application_submit(call=call, data=data, actor=world.users["student"], now=NOW)
    with pytest.raises(DomainError) as error:
        services.application_withdraw(application=application, actor=world.users["student"], now=AFTER_CLOSE)
    assert error.value.code == "deadline_passed"
    services.application_withdraw(application=application, actor=world.users["student"], now=NOW)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_an_unpublished_call_takes_no_applications(world: World) -> None:
    call = make_call(world, published=False)
    with pytest.raises(DomainError) as error:
        apply(world, call, world.users["student"], [place_at(call, world.partner)])
    assert error.value.code == "call_not_open"


def test_a_student_without_a_record_is_told_so(world: World) -> None:
    from accord.common.roles import Role
    from accord_testing.factories import UserFactory

    call = make_call(world)
    with pytest.raises(DomainError) as error:
        apply(world, call, UserFactory(role=Role.STUDENT), [place_at(call, world.partner)])
    assert error.value.code == "no_student_record"


def test_score_formula_weights_normalised_parts() -> None:
    weights = Weights(Decimal(50), Decimal(20), Decimal(20), Decimal(10))
    parts = compute_score(
        weights=weights,
        grade_average=Decimal(15),
        grade_min=Decimal(0),
        grade_max=Decimal(20),
        languages={"en": "C2", "fr": "A1"},
        motivation_score=Decimal(50),
        credits=Decimal(180),
        credits_target=Decimal(120),
    )
    # 50*0.75 + 20*1 + 20*0.5 + 10*1 = 77.5 out of 100
    assert parts.score == Decimal("77.50")
    unscored = compute_score(
        weights=weights,
        grade_average=Decimal(15),
        grade_min=Decimal(0),
        grade_max=Decimal(20),
        languages={},
        motivation_score=None,
        credits=Decimal(60),
        credits_target=Decimal(120),
    )
    assert unscored.score == Decimal("42.50")  # 37.5 + 0 + 0 + 5


def test_coordinators_score_only_their_units_applications(world: World) -> None:
    call = make_call(world)
    own = apply(world, call, world.users["student"], [place_at(call, world.partner)])
    other_user, _ = make_student(world, "bea")
    other = apply(world, call, other_user, [place_at(call, world.other_partner)], unit_id=world.faculty_b.pk)
    before = own.score
    scored = services.application_score(
        application=own, motivation_score=Decimal(100), actor=world.users["coordinator"]
    )
    assert scored.motivation_score == Decimal(100) and scored.score > before
    with pytest.raises(DomainError) as error:
        services.application_score(
            application=other, motivation_score=Decimal(50), actor=world.users["coordinator"]
        )
    assert error.value.code == "permission_denied"
    with pytest.raises(DomainError):
        services.application_score(
            application=own, motivation_score=Decimal(101), actor=world.users["officer"]
        )


def test_changing_the_weights_rescores_every_application(world: World) -> None:
    call = make_call(world)
    application = apply(world, call, world.users["student"], [place_at(call, world.partner)])
    data = services.call_input_from(call)
    data.weight_grades, data.weight_language, data.weight_motivation, data.weight_credits = (
        Decimal(1),
        Decimal(0),
        Decimal(0),
        Decimal(0),
    )
    services.call_update(call=call, data=data, actor=world.users["officer"])
    application.refresh_from_db()
    assert application.score == Decimal("75.00")  # 15 on a 0-20 scale


def test_documents_must_be_pdfs_within_the_size_limit(world: World) -> None:
    call = make_call(world)
    application = apply(world, call, world.users["student"], [place_at(call, world.partner)])
    student = world.users["student"]
    fake = SimpleUploadedFile("transcript.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(DomainError) as error:
        services.document_add(
            application=application, title="Transcript", upload=fake, actor=student, now=NOW
        )
    assert error.value.code == "invalid_file"
    big = SimpleUploadedFile("big.pdf", PDF_BYTES[:-7] + b"0" * services.MAX_DOCUMENT_BYTES + b"\n%%EOF\n")
    with pytest.raises(DomainError) as error:
        services.document_add(application=application, title="Big", upload=big, actor=student, now=NOW)
    assert error.value.code == "file_too_large"
    good = SimpleUploadedFile("t.pdf", PDF_BYTES, content_type="application/pdf")
    document = services.document_add(
        application=application, title="Transcript", upload=good, actor=student, now=NOW
    )
    assert document.file.read() == PDF_BYTES
    assert Document.objects.count() == 1
    with pytest.raises(DomainError) as error:
        services.document_add(
            application=application,
            title="Late",
            upload=SimpleUploadedFile("t.pdf", PDF_BYTES),
            actor=student,
            now=AFTER_CLOSE,
        )
    assert error.value.code == "deadline_passed"


def test_faculty_shares_split_seats(world: World) -> None:
    call = make_call(world)
    place = place_at(call, world.partner)
    share = services.place_split(
        place=place, unit_id=world.faculty_b.pk, seats=1, actor=world.users["officer"]
    )
    place.refresh_from_db()
    assert (place.capacity, share.capacity, share.unit_id) == (1, 1, world.faculty_b.pk)
    with pytest.raises(DomainError) as error:
        services.place_split(place=place, unit_id=None, seats=5, actor=world.users["officer"])
    assert error.value.field == "seats"
