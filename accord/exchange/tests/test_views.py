import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accord.exchange import services
from accord.exchange.models import Application, Call, Document, Offer, Run
from accord.exchange.tests.factories import PDF_BYTES, apply, make_call, make_student, place_at
from accord_testing.world import World


def _local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_an_officer_creates_a_call_and_draws_its_places(world: World) -> None:
    client = world.client_for("officer")
    now = timezone.now()
    form = {
        "title": "Spring call",
        "academic_year": "2026",
        "mobility_type": "student_studies",
        "opens_at": _local(now),
        "closes_at": _local(now + dt.timedelta(days=20)),
        "mobility_start": "2026-09-15",
        "mobility_end": "2027-01-31",
        "max_preferences": "4",
        "eqf_levels": ["6", "7"],
        "min_credits": "30",
        "required_languages": "en B2",
        "grade_scale_min": "0",
        "grade_scale_max": "20",
        "credits_target": "120",
        "weight_grades": "50",
        "weight_language": "20",
        "weight_motivation": "20",
        "weight_credits": "10",
    }
    response = client.post("/exchange/calls/new/", form)
    call = Call.objects.get()
    assert response.status_code == 302 and call.required_languages == {"en": "B2"}
    client.post(f"/exchange/calls/{call.pk}/draw-places/")
    assert call.places.count() == 2
    client.post(f"/exchange/calls/{call.pk}/publish/", {"published": "1"})
    call.refresh_from_db()
    assert call.published
    page = client.get(f"/exchange/calls/{call.pk}/")
    assert "Partner University" in page.content.decode()


def test_an_invalid_call_shows_the_error_beside_the_field(world: World) -> None:
    response = world.client_for("officer").post(
        "/exchange/calls/new/", {"title": "X", "required_languages": "english"}
    )
    assert response.status_code == 422
    assert "Write each language as a code and a level" in response.content.decode()
    assert not Call.objects.exists()


def test_a_student_browses_filters_and_applies(world: World) -> None:
    call = make_call(world)
    client = world.client_for("student")
    listing = client.get(f"/exchange/calls/{call.pk}/destinations/").content.decode()
    assert "Partner University" in listing and "Unrelated University" in listing
    filtered = client.get(f"/exchange/calls/{call.pk}/destinations/?country=PL").content.decode()
    assert "Partner University" in filtered and "Unrelated University" not in filtered
    sheet = client.get(f"/exchange/calls/{call.pk}/destinations/{world.partner.pk}/").content.decode()
    assert "Fact sheet" in sheet and "Past exchanges" in sheet
    form = {
        "unit": world.faculty_a.pk,
        "eqf_level": "6",
        "subject_area": "",
        "credits": "90",
        "grade_average": "14",
        "languages": "en B2",
        "motivation": "Because.",
        "preference_1": place_at(call, world.other_partner).pk,
        "preference_2": place_at(call, world.partner).pk,
    }
    response = client.post(f"/exchange/calls/{call.pk}/apply/", form)
    application = Application.objects.get()
    assert response.status_code == 302
    assert [p.place.partner_id for p in application.preferences.all()] == [
        world.other_partner.pk,
        world.partner.pk,
    ]
    mine = client.get("/exchange/my/").content.decode()
    assert call.title in mine and "not published yet" in mine


def test_a_repeated_destination_is_shown_beside_the_choices(world: World) -> None:
    call = make_call(world)
    place = place_at(call, world.partner).pk
    form = {
        "unit": world.faculty_a.pk,
        "eqf_level": "6",
        "credits": "90",
        "grade_average": "14",
        "preference_1": place,
        "preference_2": place,
    }
    response = world.client_for("student").post(f"/exchange/calls/{call.pk}/apply/", form)
    assert response.status_code == 422 and "Each destination may be ranked once" in response.content.decode()


def test_documents_upload_and_download(world: World) -> None:
    call = make_call(world)
    application = apply(world, call, world.users["student"], [place_at(call, world.partner)])
    client = world.client_for("student")
    bad = SimpleUploadedFile("fake.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        f"/exchange/applications/{application.pk}/documents/new/", {"title": "x", "file": bad}
    )
    assert response.status_code == 422 and "not a PDF" in response.content.decode()
    good = SimpleUploadedFile("t.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(
        f"/exchange/applications/{application.pk}/documents/new/", {"title": "Transcript", "file": good}
    )
    document = Document.objects.get()
    download = world.client_for("coordinator").get(f"/exchange/documents/{document.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES
    assert world.client_for("outsider").get(f"/exchange/documents/{document.pk}/").status_code == 404


def test_a_coordinator_scores_through_the_form(world: World) -> None:
    call = make_call(world)
    application = apply(world, call, world.users["student"], [place_at(call, world.partner)])
    client = world.client_for("coordinator")
    listing = client.get(f"/exchange/calls/{call.pk}/applications/?unscored=on").content.decode()
    assert "Stu Dent" in listing
    response = client.post(f"/exchange/applications/{application.pk}/score/", {"motivation_score": "101"})
    assert response.status_code == 422
    client.post(
        f"/exchange/applications/{application.pk}/score/", {"motivation_score": "70", "note": "Clear plan"}
    )
    application.refresh_from_db()
    assert application.motivation_score == Decimal(70) and application.review_note == "Clear plan"


def test_the_office_runs_compares_publishes_and_the_student_sees_reasons(world: World) -> None:
    call = make_call(world)
    partner = place_at(call, world.partner)
    services.place_update(place=partner, capacity=1, unit_id=None, actor=world.users["officer"])
    other = place_at(call, world.other_partner)
    services.place_update(place=other, capacity=1, unit_id=None, actor=world.users["officer"])
    rival, _ = make_student(world, "ria")
    apply(world, call, rival, [partner], grade_average=Decimal(19))
    apply(
        world,
        call,
        world.users["student"],
        [partner, place_at(call, world.other_partner)],
        grade_average=Decimal(11),
    )
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(
        opens_at=now - dt.timedelta(days=9), closes_at=now - dt.timedelta(minutes=5)
    )
    office = world.client_for("officer")
    respond_by = _local(now + dt.timedelta(days=10))
    office.post(
        f"/exchange/calls/{call.pk}/runs/new/",
        {"policy": "deferred-acceptance", "seed": "7", "respond_by": respond_by},
    )
    office.post(
        f"/exchange/calls/{call.pk}/runs/new/",
        {"policy": "serial-dictatorship", "seed": "8", "respond_by": respond_by},
    )
    first, second = Run.objects.order_by("id")
    detail = office.get(f"/exchange/runs/{first.pk}/").content.decode()
    assert "Independent check" in detail and "passed" in detail and "Waiting lists" in detail
    assert office.get(f"/exchange/runs/{first.pk}/compare/{second.pk}/").status_code == 200
    student = world.client_for("student")
    assert "last admitted score" not in student.get("/exchange/my/").content.decode()  # drafts are private
    office.post(f"/exchange/runs/{first.pk}/publish/")
    mine = student.get("/exchange/my/").content.decode()
    assert "Unrelated University" in mine
    assert "full: the last admitted score was" in mine
    offer = Offer.objects.get(application__person__user=world.users["student"])
    response = student.post(f"/exchange/offers/{offer.pk}/respond/", {"answer": "accept"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "accepted" and offer.mobility is not None
