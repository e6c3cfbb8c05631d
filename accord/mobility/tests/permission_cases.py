"""Permission matrix entries of the nomination pages and API (see accord/tests/test_permission_matrix.py)."""

from typing import Any

from accord.mobility.models import Mobility
from accord.tests.matrix_support import (
    API_OTHER_READ,
    API_READ_EVERYONE,
    EVERYONE,
    OTHER_READ,
    SCOPED_CREATE,
    Case,
    expect,
)
from accord_testing.world import World


def _pending_incoming(w: World) -> Mobility:
    """A nomination from the unrelated partner to faculty B: only the office may answer it."""
    mobility = w.other_mobility
    Mobility.objects.filter(pk=mobility.pk).update(status="nominated")
    return mobility


def _sent_to_partner(w: World) -> Mobility:
    """Our nomination to the contact's partner, sent: the partner contact may answer it."""
    Mobility.objects.filter(pk=w.mobility.pk).update(
        status="nominated", nomination_sent_at="2026-05-01T10:00Z"
    )
    return w.mobility


OTHER_DECIDE = expect(
    allowed=("admin", "officer"),
    s403=("auditor",),
    s404=("coordinator", "student", "partner_contact", "outsider"),
)
# The partner contact answers; the office may record their answer; the coordinator owns the unit.
PARTNER_DECIDES = expect(
    allowed=("admin", "officer", "coordinator", "partner_contact"),
    s403=("auditor", "student"),
    s404=("outsider",),
)
IMPORTERS = expect(
    allowed=("admin", "officer", "coordinator", "outsider"), s403=("student", "partner_contact", "auditor")
)


def _reason(w: World) -> dict[str, Any]:
    return {"reason": "No places left"}


HTML_CASES: dict[str, list[Case]] = {
    "mobility:nominations": [Case("GET", lambda w: "/mobilities/nominations/?direction=outgoing", EVERYONE)],
    "mobility:nominations_export": [
        Case("GET", lambda w: "/mobilities/nominations/omobilities.xml", EVERYONE)
    ],
    "mobility:nominations_import": [Case("GET", lambda w: "/mobilities/nominations/import/", SCOPED_CREATE)],
    "mobility:nominations_import_template": [
        Case("GET", lambda w: "/mobilities/nominations/import/template/", SCOPED_CREATE)
    ],
    "mobility:omobility_xml": [
        Case("GET", lambda w: f"/mobilities/{w.other_mobility.pk}/omobility.xml", OTHER_READ)
    ],
    "mobility:nomination_send": [
        Case("POST", lambda w: f"/mobilities/{w.other_mobility.pk}/nomination/send/", OTHER_DECIDE)
    ],
    "mobility:nomination_accept": [
        Case("POST", lambda w: f"/mobilities/{_pending_incoming(w).pk}/nomination/accept/", OTHER_DECIDE),
        Case(
            "GET",
            lambda w: f"/mobilities/{_sent_to_partner(w).pk}/nomination/accept/",
            PARTNER_DECIDES,
            label="partner",
        ),
    ],
    "mobility:nomination_reject": [
        Case(
            "POST",
            lambda w: f"/mobilities/{_pending_incoming(w).pk}/nomination/reject/",
            OTHER_DECIDE,
            body=_reason,
        )
    ],
}

API_OTHER_DECIDE = {**OTHER_DECIDE, "anonymous": 401}

API_CASES: dict[str, list[Case]] = {
    "GET /api/v1/nominations": [Case("GET", lambda w: "/api/v1/nominations", API_READ_EVERYONE)],
    "GET /api/v1/nominations/omobilities.xml": [
        Case("GET", lambda w: "/api/v1/nominations/omobilities.xml", API_READ_EVERYONE)
    ],
    "POST /api/v1/nominations/import": [
        Case(
            "POST",
            lambda w: "/api/v1/nominations/import",
            {**IMPORTERS, "anonymous": 401},
            body=lambda w: "<x/>",
        )
    ],
    "GET /api/v1/nominations/{mobility_id}/omobility.xml": [
        Case("GET", lambda w: f"/api/v1/nominations/{w.other_mobility.pk}/omobility.xml", API_OTHER_READ)
    ],
    "POST /api/v1/nominations/{mobility_id}/send": [
        Case("POST", lambda w: f"/api/v1/nominations/{w.other_mobility.pk}/send", API_OTHER_DECIDE)
    ],
    "POST /api/v1/nominations/{mobility_id}/accept": [
        Case(
            "POST",
            lambda w: f"/api/v1/nominations/{_pending_incoming(w).pk}/accept",
            API_OTHER_DECIDE,
            body=lambda w: {},
        )
    ],
    "POST /api/v1/nominations/{mobility_id}/reject": [
        Case(
            "POST",
            lambda w: f"/api/v1/nominations/{_pending_incoming(w).pk}/reject",
            API_OTHER_DECIDE,
            body=_reason,
        )
    ],
}
