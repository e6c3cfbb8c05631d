"""Permission matrix entries of the recognition pages and API (see accord/tests/test_permission_matrix.py).

The world's mobility (faculty A, the persona student's, to the persona partner's institution) gets an approved
learning agreement and a transcript; the other mobility (faculty B, unrelated partner) the same, for the
hidden cases. A partner contact reads the transcript their institution issued but never our decision.
"""

from typing import Any

from accord.mobility.models import Mobility
from accord.recognition import services
from accord.recognition.models import Transcript, TranscriptEntry
from accord.recognition.tests.factories import (
    POLISH_TABLE,
    components,
    make_grade_table,
    make_learning_agreement,
)
from accord.tests.matrix_support import (
    API_OFFICE_WRITES,
    API_OTHER_READ,
    API_OTHER_WRITE,
    API_READ_EVERYONE,
    EVERYONE,
    OFFICE_WRITES,
    OTHER_READ,
    OTHER_WRITE,
    Case,
    expect,
)
from accord_testing.world import World

STAFF_QUEUE = expect(
    allowed=("admin", "officer", "coordinator", "auditor", "outsider"), s404=("student", "partner_contact")
)
READS_EVERYTHING = expect(
    allowed=("admin", "officer", "auditor"), s404=("coordinator", "student", "partner_contact", "outsider")
)
TRANSCRIPT_READ = expect(
    allowed=("admin", "officer", "auditor", "coordinator", "student", "partner_contact"), s404=("outsider",)
)
TRANSCRIPT_WRITE = expect(
    allowed=("admin", "officer", "coordinator"),
    s403=("auditor", "student", "partner_contact"),
    s404=("outsider",),
)
DECISION_READ = expect(
    allowed=("admin", "officer", "auditor", "coordinator", "student"), s404=("partner_contact", "outsider")
)
DECISION_WRITE = expect(
    allowed=("admin", "officer", "coordinator"),
    s403=("auditor", "student"),
    s404=("partner_contact", "outsider"),
)
SIGNERS = expect(
    allowed=("admin", "coordinator"),
    s403=("officer", "auditor", "student"),
    s404=("partner_contact", "outsider"),
)


def _api(table: dict[str, Any]) -> dict[str, Any]:
    return {**table, "anonymous": 401}


def _table(w: World) -> int:
    return make_grade_table(w.partner, "pl-2-5", POLISH_TABLE).pk


def _ready(mobility: Mobility) -> Mobility:
    """An approved learning agreement and a transcript grading every Table A component."""
    agreement = make_learning_agreement(mobility)
    transcript = Transcript.objects.create(mobility=mobility, scale="pl-2-5")
    for component, grade in zip(components(agreement, "A"), ("5", "4", "3.5"), strict=True):
        TranscriptEntry.objects.create(
            transcript=transcript, component=component, grade=grade, credits=component.ects, passed=True
        )
    return mobility


def _drafted(mobility: Mobility, w: World) -> Mobility:
    _ready(mobility)
    agreement = mobility.learning_agreement
    hosts, homes = components(agreement, "A"), components(agreement, "B")
    rows = [services.RowInput(home.pk, True, [hosts[i].pk]) for i, home in enumerate(homes)]
    services.recognition_save(
        mobility=mobility, home_scale="ects", rows=rows, comment="", actor=w.users["admin"]
    )
    return mobility


def _own(w: World) -> int:
    return _ready(w.mobility).pk


def _other(w: World) -> int:
    return _ready(w.other_mobility).pk


def _own_drafted(w: World) -> int:
    return _drafted(w.mobility, w).pk


def _table_form(w: World) -> dict[str, Any]:
    values = {"institution": w.partner.pk, "scale": "pl-2-5", "period": "2022/2023", "isced_code": ""}
    return values | {f"p_{i}": p for i, p in enumerate(POLISH_TABLE)}


def _table_body(w: World) -> dict[str, Any]:
    return {
        "institution_id": w.partner.pk,
        "scale": "pl-2-5",
        "period": "2022/2023",
        "percentages": POLISH_TABLE,
    }


def _transcript_form(w: World) -> dict[str, Any]:
    return {"scale": "pl-2-5"}


def _decision_body(w: World) -> dict[str, Any]:
    return {"home_scale": "ects", "rows": []}


def _transcript_body(w: World) -> dict[str, Any]:
    return {"scale": "pl-2-5", "entries": []}


HTML_CASES: dict[str, list[Case]] = {
    "recognition:queue": [Case("GET", lambda w: "/recognition/", STAFF_QUEUE)],
    "recognition:partners": [Case("GET", lambda w: "/recognition/partners/", READS_EVERYTHING)],
    "recognition:tables": [Case("GET", lambda w: "/recognition/grade-tables/", EVERYONE)],
    "recognition:table_create": [
        Case("GET", lambda w: "/recognition/grade-tables/new/", OFFICE_WRITES),
        Case("POST", lambda w: "/recognition/grade-tables/new/", OFFICE_WRITES, body=_table_form),
    ],
    "recognition:tables_import": [Case("GET", lambda w: "/recognition/grade-tables/import/", OFFICE_WRITES)],
    "recognition:table_edit": [
        Case("GET", lambda w: f"/recognition/grade-tables/{_table(w)}/", EVERYONE),
        Case("POST", lambda w: f"/recognition/grade-tables/{_table(w)}/", OFFICE_WRITES, body=_table_form),
    ],
    "recognition:table_delete": [
        Case("GET", lambda w: f"/recognition/grade-tables/{_table(w)}/delete/", OFFICE_WRITES),
        Case("POST", lambda w: f"/recognition/grade-tables/{_table(w)}/delete/", OFFICE_WRITES),
    ],
    "recognition:transcript": [
        Case("GET", lambda w: f"/recognition/mobilities/{_own(w)}/transcript/", TRANSCRIPT_READ),
        Case(
            "POST",
            lambda w: f"/recognition/mobilities/{_own(w)}/transcript/",
            TRANSCRIPT_WRITE,
            body=_transcript_form,
        ),
        Case("GET", lambda w: f"/recognition/mobilities/{_other(w)}/transcript/", OTHER_READ, label="other"),
        Case(
            "POST",
            lambda w: f"/recognition/mobilities/{_other(w)}/transcript/",
            OTHER_WRITE,
            body=_transcript_form,
            label="other-post",
        ),
    ],
    "recognition:transcript_import": [
        Case("GET", lambda w: f"/recognition/mobilities/{_own(w)}/transcript/import/", TRANSCRIPT_WRITE)
    ],
    "recognition:decision": [
        Case("GET", lambda w: f"/recognition/mobilities/{_own(w)}/", DECISION_READ),
        Case("POST", lambda w: f"/recognition/mobilities/{_own(w)}/", DECISION_WRITE),
        Case("GET", lambda w: f"/recognition/mobilities/{_other(w)}/", OTHER_READ, label="other"),
        Case("POST", lambda w: f"/recognition/mobilities/{_other(w)}/", OTHER_WRITE, label="other-post"),
    ],
    "recognition:sign": [Case("POST", lambda w: f"/recognition/mobilities/{_own_drafted(w)}/sign/", SIGNERS)],
    "recognition:decision_pdf": [
        Case("GET", lambda w: f"/recognition/mobilities/{_own_drafted(w)}/recognition.pdf", DECISION_READ)
    ],
    "recognition:learning_agreement_pdf": [
        Case("GET", lambda w: f"/recognition/mobilities/{_own(w)}/learning-agreement.pdf", TRANSCRIPT_READ),
        Case(
            "GET",
            lambda w: f"/recognition/mobilities/{_other(w)}/learning-agreement.pdf",
            OTHER_READ,
            label="other",
        ),
    ],
}

API_CASES: dict[str, list[Case]] = {
    "GET /api/v1/grade-tables": [Case("GET", lambda w: "/api/v1/grade-tables", API_READ_EVERYONE)],
    "POST /api/v1/grade-tables": [
        Case("POST", lambda w: "/api/v1/grade-tables", API_OFFICE_WRITES, body=_table_body)
    ],
    "GET /api/v1/grade-tables/{table_id}": [
        Case("GET", lambda w: f"/api/v1/grade-tables/{_table(w)}", API_READ_EVERYONE)
    ],
    "PUT /api/v1/grade-tables/{table_id}": [
        Case("PUT", lambda w: f"/api/v1/grade-tables/{_table(w)}", API_OFFICE_WRITES, body=_table_body)
    ],
    "DELETE /api/v1/grade-tables/{table_id}": [
        Case("DELETE", lambda w: f"/api/v1/grade-tables/{_table(w)}", API_OFFICE_WRITES)
    ],
    "POST /api/v1/grade-conversions": [
        Case(
            "POST",
            lambda w: "/api/v1/grade-conversions",
            API_READ_EVERYONE,
            body=lambda w: {"from": {"scale": "pl-2-5"}, "to": {"scale": "ects"}, "grade": "4.5"},
        )
    ],
    "GET /api/v1/recognition/mobilities/{mobility_id}/transcript": [
        Case("GET", lambda w: f"/api/v1/recognition/mobilities/{_own(w)}/transcript", _api(TRANSCRIPT_READ)),
        Case(
            "GET",
            lambda w: f"/api/v1/recognition/mobilities/{_other(w)}/transcript",
            API_OTHER_READ,
            label="other",
        ),
    ],
    "PUT /api/v1/recognition/mobilities/{mobility_id}/transcript": [
        Case(
            "PUT",
            lambda w: f"/api/v1/recognition/mobilities/{_own(w)}/transcript",
            _api(TRANSCRIPT_WRITE),
            body=_transcript_body,
        ),
        Case(
            "PUT",
            lambda w: f"/api/v1/recognition/mobilities/{_other(w)}/transcript",
            API_OTHER_WRITE,
            body=_transcript_body,
            label="other",
        ),
    ],
    "GET /api/v1/recognition/mobilities/{mobility_id}/decision": [
        Case(
            "GET", lambda w: f"/api/v1/recognition/mobilities/{_own_drafted(w)}/decision", _api(DECISION_READ)
        )
    ],
    "PUT /api/v1/recognition/mobilities/{mobility_id}/decision": [
        Case(
            "PUT",
            lambda w: f"/api/v1/recognition/mobilities/{_own(w)}/decision",
            _api(DECISION_WRITE),
            body=_decision_body,
        )
    ],
    "POST /api/v1/recognition/mobilities/{mobility_id}/decision/sign": [
        Case(
            "POST",
            lambda w: f"/api/v1/recognition/mobilities/{_own_drafted(w)}/decision/sign",
            _api(SIGNERS),
            body=lambda w: {"position": "Dean"},
        )
    ],
    "GET /api/v1/recognition/partners": [
        Case("GET", lambda w: "/api/v1/recognition/partners", _api(READS_EVERYTHING))
    ],
}
