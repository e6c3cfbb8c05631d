"""Permission matrix entries of the lifecycle: transitions, revisions, approvals, approvers, calendar feed."""

from typing import Any

from accord.agreements.models import AgreementApprover
from accord.agreements.revisions import revision_capture
from accord.tests.matrix_support import (
    ADMIN_ONLY_HIDDEN,
    API_OTHER_READ,
    API_OTHER_WRITE,
    EVERYONE,
    OTHER_READ,
    OTHER_WRITE,
    SIGNED_IN,
    Case,
    expect,
)
from accord_testing.world import World

NOT_STUDENT_OR_PARTNER = expect(
    allowed=("admin", "officer", "coordinator", "auditor", "outsider"), s404=("student", "partner_contact")
)
# Faculty A's agreement: its coordinator reads it, the partner's contact too, but only the office terminates.
OWN_TERMINATE = expect(
    allowed=("admin", "officer"),
    s403=("coordinator", "partner_contact", "auditor"),
    s404=("student", "outsider"),
)
OWN_INTERNAL_READ = expect(
    allowed=("admin", "officer", "coordinator", "auditor"), s404=("student", "partner_contact", "outsider")
)
OWN_READ = expect(
    allowed=("admin", "officer", "coordinator", "auditor", "partner_contact"), s404=("student", "outsider")
)
API_ADMIN_ONLY = expect(allowed=("admin",), s404=SIGNED_IN[1:], anonymous=401)
# Every request for a feed with a token nobody holds: the same 404, signed in or not.
NOBODY = expect(s404=SIGNED_IN, anonymous=404)


def _revised(w: World) -> int:
    revision_capture(agreement=w.other_agreement, actor=None)
    return w.other_agreement.pk


def _approver(w: World) -> Any:
    return AgreementApprover.objects.create(kind="research", user=w.users["officer"]).pk


LIFECYCLE_HTML_CASES: dict[str, list[Case]] = {
    "agreements:transition": [
        Case(
            "POST",
            lambda w: f"/agreements/{w.other_agreement.pk}/actions/terminate/",
            OTHER_WRITE,
            body=lambda w: {"note": "Closed"},
        ),
        Case("GET", lambda w: f"/agreements/{w.agreement.pk}/actions/terminate/", OWN_TERMINATE, label="own"),
    ],
    "agreements:revisions": [
        Case("GET", lambda w: f"/agreements/{w.other_agreement.pk}/revisions/", OTHER_READ),
        Case("GET", lambda w: f"/agreements/{w.agreement.pk}/revisions/", OWN_INTERNAL_READ, label="own"),
    ],
    "agreements:revision_diff": [
        Case("GET", lambda w: f"/agreements/{_revised(w)}/revisions/compare/?base=1&head=1", OTHER_READ)
    ],
    "agreements:since_partner_approval": [
        Case("GET", lambda w: f"/agreements/{w.agreement.pk}/changes-since-partner-approval/", OWN_READ)
    ],
    "agreements:approvals": [Case("GET", lambda w: "/agreements/approvals/", NOT_STUDENT_OR_PARTNER)],
    "agreements:approvers": [
        Case("GET", lambda w: "/agreements/approvers/", ADMIN_ONLY_HIDDEN),
        Case(
            "POST",
            lambda w: "/agreements/approvers/",
            ADMIN_ONLY_HIDDEN,
            body=lambda w: {"kind": "research", "user": w.users["officer"].pk},
        ),
    ],
    "agreements:approver_delete": [
        Case("POST", lambda w: f"/agreements/approvers/{_approver(w)}/delete/", ADMIN_ONLY_HIDDEN)
    ],
    "agreements:calendar": [
        Case("GET", lambda w: "/agreements/calendar/", EVERYONE),
        Case("POST", lambda w: "/agreements/calendar/", EVERYONE, body=lambda w: {"_action": "regenerate"}),
    ],
    "agreements:calendar_feed": [Case("GET", lambda w: "/agreements/calendar/not-a-real-token.ics", NOBODY)],
}

LIFECYCLE_API_CASES: dict[str, list[Case]] = {
    "GET /api/v1/agreements/{agreement_id}/transitions": [
        Case("GET", lambda w: f"/api/v1/agreements/{w.other_agreement.pk}/transitions", API_OTHER_READ)
    ],
    "POST /api/v1/agreements/{agreement_id}/transitions": [
        Case(
            "POST",
            lambda w: f"/api/v1/agreements/{w.other_agreement.pk}/transitions",
            API_OTHER_WRITE,
            body=lambda w: {"action": "terminate", "reason": "Closed"},
        )
    ],
    "GET /api/v1/agreements/{agreement_id}/revisions": [
        Case("GET", lambda w: f"/api/v1/agreements/{w.other_agreement.pk}/revisions", API_OTHER_READ)
    ],
    "GET /api/v1/agreements/{agreement_id}/revisions/{number}": [
        Case("GET", lambda w: f"/api/v1/agreements/{_revised(w)}/revisions/1", API_OTHER_READ)
    ],
    "GET /api/v1/agreements/{agreement_id}/diff": [
        Case("GET", lambda w: f"/api/v1/agreements/{_revised(w)}/diff?base=1", API_OTHER_READ)
    ],
    "GET /api/v1/agreements/{agreement_id}/changes-since-partner-approval": [
        Case(
            "GET",
            lambda w: f"/api/v1/agreements/{w.other_agreement.pk}/changes-since-partner-approval",
            API_OTHER_READ,
        )
    ],
    "GET /api/v1/agreement-approvers": [Case("GET", lambda w: "/api/v1/agreement-approvers", API_ADMIN_ONLY)],
    "POST /api/v1/agreement-approvers": [
        Case(
            "POST",
            lambda w: "/api/v1/agreement-approvers",
            API_ADMIN_ONLY,
            body=lambda w: {"kind": "research", "user_id": w.users["officer"].pk},
        )
    ],
    "DELETE /api/v1/agreement-approvers/{approver_id}": [
        Case("DELETE", lambda w: f"/api/v1/agreement-approvers/{_approver(w)}", API_ADMIN_ONLY)
    ],
}
