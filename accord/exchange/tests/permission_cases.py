"""The exchange programme's rows of the permission matrix (accord/tests/test_permission_matrix.py)."""

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accord.exchange import services
from accord.exchange.models import Application, Call, Offer, Run
from accord.exchange.runs import services as run_services
from accord.exchange.tests.factories import PDF_BYTES, apply, make_call, make_student, place_at
from accord.tests.matrix_support import API_READ_EVERYONE, EVERYONE, SIGNED_IN, Case, expect
from accord_testing.world import World


def _call(w: World) -> Call:
    return make_call(w)


def _application(w: World) -> Application:
    call = make_call(w)
    return apply(w, call, w.users["student"], [place_at(call, w.partner)])


def _other_faculty_application(w: World) -> Application:
    """A faculty B student's application: neither the coordinator's nor the signed-in student's."""
    call = make_call(w)
    user, _ = make_student(w, "bea")
    return apply(w, call, user, [place_at(call, w.other_partner)], unit_id=w.faculty_b.pk)


def _run(w: World, seed: int = 1) -> Run:
    application = _application(w) if not Application.objects.exists() else Application.objects.get()
    now = timezone.now()
    Call.objects.filter(pk=application.call_id).update(
        opens_at=now - dt.timedelta(days=10), closes_at=now - dt.timedelta(hours=1)
    )
    return run_services.run_create(
        call=Call.objects.get(pk=application.call_id),
        actor=w.users["officer"],
        now=now,
        respond_by=now + dt.timedelta(days=14),
        seed=seed,
    )


def _offer(w: World) -> Offer:
    run = _run(w)
    run_services.run_publish(run=run, actor=w.users["officer"], now=timezone.now())
    return Offer.objects.get()


def _document(w: World) -> int:
    application = _application(w)
    upload = SimpleUploadedFile("t.pdf", PDF_BYTES, content_type="application/pdf")
    document = services.document_add(
        application=application,
        title="Transcript",
        upload=upload,
        actor=w.users["student"],
        now=timezone.now(),
    )
    return document.pk


STAFF_AND_STUDENTS = tuple(p for p in SIGNED_IN if p != "partner_contact")
# A published call: everyone but partner contacts sees it; only the office changes it.
CALL_READ = expect(allowed=STAFF_AND_STUDENTS, s404=("partner_contact",))
CALL_WRITE = expect(
    allowed=("admin", "officer"),
    s403=("auditor", "coordinator", "outsider", "student"),
    s404=("partner_contact",),
)
OFFICE_WRITES_CALLS = expect(
    allowed=("admin", "officer"), s403=("auditor", "coordinator", "outsider", "student", "partner_contact")
)
STAFF_READ_CALL = expect(
    allowed=("admin", "officer", "auditor", "coordinator", "outsider"), s404=("student", "partner_contact")
)
STUDENT_ONLY_ON_CALL = expect(
    allowed=("student",),
    s403=("admin", "officer", "auditor", "coordinator", "outsider"),
    s404=("partner_contact",),
)
# The signed-in student's application, in faculty A: the coordinator reviews it, the outsider has no units.
OWN_APPLICATION_READ = expect(
    allowed=("admin", "officer", "auditor", "coordinator", "student"), s404=("outsider", "partner_contact")
)
OTHER_APPLICATION_READ = expect(
    allowed=("admin", "officer", "auditor"), s404=("coordinator", "outsider", "student", "partner_contact")
)
SCORE = expect(
    allowed=("admin", "officer", "coordinator"),
    s403=("auditor", "student"),
    s404=("outsider", "partner_contact"),
)
APPLICANT_ONLY = expect(
    allowed=("student",),
    s403=("admin", "officer", "auditor", "coordinator"),
    s404=("outsider", "partner_contact"),
)
RUN_READ = expect(
    allowed=("admin", "officer", "auditor"), s404=("coordinator", "outsider", "student", "partner_contact")
)
RUN_WRITE = expect(
    allowed=("admin", "officer"),
    s403=("auditor",),
    s404=("coordinator", "outsider", "student", "partner_contact"),
)


def _api(table: dict[str, Any]) -> dict[str, Any]:
    return {**table, "anonymous": 401}


HTML_CASES: dict[str, list[Case]] = {
    "exchange:calls": [
        Case("GET", lambda w: "/exchange/", expect(allowed=STAFF_AND_STUDENTS, s404=("partner_contact",)))
    ],
    "exchange:call_create": [
        Case("GET", lambda w: "/exchange/calls/new/", OFFICE_WRITES_CALLS),
        Case("POST", lambda w: "/exchange/calls/new/", OFFICE_WRITES_CALLS, body=lambda w: {"title": ""}),
    ],
    "exchange:call_detail": [
        Case("GET", lambda w: f"/exchange/calls/{_call(w).pk}/", CALL_READ),
        Case(
            "GET",
            lambda w: f"/exchange/calls/{make_call(w, published=False).pk}/",
            expect(
                allowed=tuple(p for p in STAFF_AND_STUDENTS if p != "student"),
                s404=("student", "partner_contact"),
            ),
            label="draft",
        ),
    ],
    "exchange:call_edit": [
        Case("GET", lambda w: f"/exchange/calls/{_call(w).pk}/edit/", CALL_WRITE),
        Case(
            "POST", lambda w: f"/exchange/calls/{_call(w).pk}/edit/", CALL_WRITE, body=lambda w: {"title": ""}
        ),
    ],
    "exchange:call_draw_places": [
        Case("POST", lambda w: f"/exchange/calls/{_call(w).pk}/draw-places/", CALL_WRITE)
    ],
    "exchange:call_publish": [
        Case(
            "POST",
            lambda w: f"/exchange/calls/{_call(w).pk}/publish/",
            CALL_WRITE,
            body=lambda w: {"published": "0"},
        )
    ],
    "exchange:applications": [
        Case("GET", lambda w: f"/exchange/calls/{_call(w).pk}/applications/", STAFF_READ_CALL)
    ],
    "exchange:run_create": [
        Case(
            "POST",
            lambda w: f"/exchange/calls/{_call(w).pk}/runs/new/",
            CALL_WRITE,
            body=lambda w: {"policy": "x"},
        )
    ],
    "exchange:destinations": [
        Case("GET", lambda w: f"/exchange/calls/{_call(w).pk}/destinations/", CALL_READ)
    ],
    "exchange:destination": [
        Case("GET", lambda w: f"/exchange/calls/{_call(w).pk}/destinations/{w.partner.pk}/", CALL_READ)
    ],
    "exchange:apply": [
        Case("GET", lambda w: f"/exchange/calls/{_call(w).pk}/apply/", STUDENT_ONLY_ON_CALL),
        Case(
            "POST",
            lambda w: f"/exchange/calls/{_call(w).pk}/apply/",
            STUDENT_ONLY_ON_CALL,
            body=lambda w: {"credits": "x"},
        ),
    ],
    "exchange:place_edit": [
        Case("GET", lambda w: f"/exchange/places/{place_at(_call(w), w.partner).pk}/", CALL_WRITE),
        Case(
            "POST",
            lambda w: f"/exchange/places/{place_at(_call(w), w.partner).pk}/",
            CALL_WRITE,
            body=lambda w: {"_action": "save", "capacity": "3", "unit": ""},
        ),
    ],
    "exchange:my_applications": [Case("GET", lambda w: "/exchange/my/", EVERYONE)],
    "exchange:application_detail": [
        Case("GET", lambda w: f"/exchange/applications/{_application(w).pk}/", OWN_APPLICATION_READ),
        Case(
            "GET",
            lambda w: f"/exchange/applications/{_other_faculty_application(w).pk}/",
            OTHER_APPLICATION_READ,
            label="other",
        ),
    ],
    "exchange:application_score": [
        Case("GET", lambda w: f"/exchange/applications/{_application(w).pk}/score/", SCORE),
        Case(
            "POST",
            lambda w: f"/exchange/applications/{_application(w).pk}/score/",
            SCORE,
            body=lambda w: {"motivation_score": "80"},
        ),
    ],
    "exchange:application_withdraw": [
        Case("POST", lambda w: f"/exchange/applications/{_application(w).pk}/withdraw/", APPLICANT_ONLY)
    ],
    "exchange:document_upload": [
        Case("GET", lambda w: f"/exchange/applications/{_application(w).pk}/documents/new/", APPLICANT_ONLY)
    ],
    "exchange:document_download": [
        Case("GET", lambda w: f"/exchange/documents/{_document(w)}/", OWN_APPLICATION_READ)
    ],
    "exchange:run_detail": [Case("GET", lambda w: f"/exchange/runs/{_run(w).pk}/", RUN_READ)],
    "exchange:run_compare": [
        Case("GET", lambda w: f"/exchange/runs/{_run(w).pk}/compare/{_run(w, seed=2).pk}/", RUN_READ)
    ],
    "exchange:run_publish": [Case("POST", lambda w: f"/exchange/runs/{_run(w).pk}/publish/", RUN_WRITE)],
    "exchange:offer_respond": [
        Case(
            "POST",
            lambda w: f"/exchange/offers/{_offer(w).pk}/respond/",
            APPLICANT_ONLY,
            body=lambda w: {"answer": "decline"},
        )
    ],
}


def _application_body(w: World) -> dict[str, Any]:
    call = _call(w)
    return {
        "call_id": call.pk,
        "unit_id": w.faculty_a.pk,
        "eqf_level": 6,
        "credits": "90",
        "grade_average": "15",
        "preferences": [place_at(call, w.partner).pk],
    }


def _run_body(w: World) -> dict[str, Any]:
    return {"call_id": _call(w).pk, "respond_by": (timezone.now() + dt.timedelta(days=9)).isoformat()}


API_CASES: dict[str, list[Case]] = {
    "GET /api/v1/exchange/calls": [Case("GET", lambda w: "/api/v1/exchange/calls", API_READ_EVERYONE)],
    "GET /api/v1/exchange/calls/{call_id}": [
        Case("GET", lambda w: f"/api/v1/exchange/calls/{_call(w).pk}", _api(CALL_READ))
    ],
    "GET /api/v1/exchange/applications": [
        Case("GET", lambda w: "/api/v1/exchange/applications", API_READ_EVERYONE)
    ],
    "POST /api/v1/exchange/applications": [
        Case(
            "POST",
            lambda w: "/api/v1/exchange/applications",
            _api(expect(allowed=("student",), s403=tuple(p for p in SIGNED_IN if p != "student"))),
            body=_application_body,
        )
    ],
    "GET /api/v1/exchange/applications/{application_id}": [
        Case(
            "GET", lambda w: f"/api/v1/exchange/applications/{_application(w).pk}", _api(OWN_APPLICATION_READ)
        ),
        Case(
            "GET",
            lambda w: f"/api/v1/exchange/applications/{_other_faculty_application(w).pk}",
            _api(OTHER_APPLICATION_READ),
            label="other",
        ),
    ],
    "POST /api/v1/exchange/applications/{application_id}/withdraw": [
        Case(
            "POST",
            lambda w: f"/api/v1/exchange/applications/{_application(w).pk}/withdraw",
            _api(APPLICANT_ONLY),
        )
    ],
    "POST /api/v1/exchange/applications/{application_id}/score": [
        Case(
            "POST",
            lambda w: f"/api/v1/exchange/applications/{_application(w).pk}/score",
            _api(SCORE),
            body=lambda w: {"motivation_score": "75"},
        )
    ],
    "GET /api/v1/exchange/runs": [Case("GET", lambda w: "/api/v1/exchange/runs", API_READ_EVERYONE)],
    "POST /api/v1/exchange/runs": [
        Case("POST", lambda w: "/api/v1/exchange/runs", _api(OFFICE_WRITES_CALLS), body=_run_body)
    ],
    "GET /api/v1/exchange/runs/{run_id}": [
        Case("GET", lambda w: f"/api/v1/exchange/runs/{_run(w).pk}", _api(RUN_READ))
    ],
    "GET /api/v1/exchange/runs/{run_id}/compare/{other_id}": [
        Case(
            "GET",
            lambda w: f"/api/v1/exchange/runs/{_run(w).pk}/compare/{_run(w, seed=2).pk}",
            _api(RUN_READ),
        )
    ],
    "POST /api/v1/exchange/runs/{run_id}/publish": [
        Case("POST", lambda w: f"/api/v1/exchange/runs/{_run(w).pk}/publish", _api(RUN_WRITE))
    ],
    "GET /api/v1/exchange/offers": [Case("GET", lambda w: "/api/v1/exchange/offers", API_READ_EVERYONE)],
    "POST /api/v1/exchange/offers/{offer_id}/accept": [
        Case("POST", lambda w: f"/api/v1/exchange/offers/{_offer(w).pk}/accept", _api(APPLICANT_ONLY))
    ],
    "POST /api/v1/exchange/offers/{offer_id}/decline": [
        Case("POST", lambda w: f"/api/v1/exchange/offers/{_offer(w).pk}/decline", _api(APPLICANT_ONLY))
    ],
}
