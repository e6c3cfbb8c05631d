"""Permission matrix entries of the virtual exchange pages and API (accord/tests/test_permission_matrix.py).

Offers: faculty A's (the persona coordinator's unit), faculty B's, the persona partner's (posted by its
contact) and the unrelated partner's. Everyone but students reads the market; a partner contact sees only
their institution's offers and ours, so the unrelated partner's offer is missing for them.
"""

import datetime as dt
from typing import Any

from accord.collaboration.models import VirtualExchangeOffer, VirtualExchangeProposal
from accord.collaboration.tests.factories import make_offer, offer_input
from accord.collaboration.virtual_exchange.services import proposal_create
from accord.tests.matrix_support import Case, expect
from accord_testing.world import World

LIST = expect(
    allowed=("admin", "officer", "auditor", "coordinator", "partner_contact", "outsider"), s403=("student",)
)
READ = expect(
    allowed=("admin", "officer", "auditor", "coordinator", "partner_contact", "outsider"), s404=("student",)
)
# The unrelated partner's offer: hidden from the partner contact (and from students, who see no offer).
OTHER_READ = expect(
    allowed=("admin", "officer", "auditor", "coordinator", "outsider"), s404=("student", "partner_contact")
)
# The form opens for whoever may post some offer; what they may post is the form's (and service's) to say.
POST = expect(
    allowed=("admin", "officer", "coordinator", "partner_contact", "outsider"), s403=("student", "auditor")
)
# An API body for faculty A: only who may post for that unit.
API_POST = expect(
    allowed=("admin", "officer", "coordinator"),
    s403=("student", "auditor", "partner_contact", "outsider"),
    anonymous=401,
)
# Faculty A's offer: its coordinator and the office edit it; whoever else sees it is refused.
OUR_OFFER_WRITE = expect(
    allowed=("admin", "officer", "coordinator"),
    s403=("auditor", "partner_contact", "outsider"),
    s404=("student",),
)
# The persona partner's offer: its contact and the office.
THEIR_OFFER_WRITE = expect(
    allowed=("admin", "officer", "partner_contact"),
    s403=("auditor", "coordinator", "outsider"),
    s404=("student",),
)
BASE = "/collaboration/virtual-exchange"
API = "/api/v1/virtual-exchange"


def _api(table: dict[str, Any]) -> dict[str, Any]:
    return {**table, "anonymous": 401}


def _ours(w: World) -> VirtualExchangeOffer:
    existing = VirtualExchangeOffer.objects.filter(unit=w.faculty_a).first()
    return existing or make_offer(w.users["officer"], w.home, w.faculty_a)


def _theirs(w: World) -> VirtualExchangeOffer:
    existing = VirtualExchangeOffer.objects.filter(institution=w.partner).first()
    return existing or make_offer(w.users["officer"], w.partner, start_date=dt.date(2027, 3, 1))


def _unrelated(w: World) -> VirtualExchangeOffer:
    existing = VirtualExchangeOffer.objects.filter(institution=w.other_partner).first()
    return existing or make_offer(w.users["officer"], w.other_partner)


def _proposal(w: World) -> VirtualExchangeProposal:
    existing = VirtualExchangeProposal.objects.first()
    return existing or proposal_create(
        from_offer=_ours(w), to_offer=_theirs(w), message="", actor=w.users["officer"]
    )


def _form(w: World) -> dict[str, Any]:
    return {
        "title": "Matrix course", "owner": f"unit:{w.faculty_a.pk}", "teacher_name": "T", "description": "D",
        "isced": "0613", "eqf_level": "6", "language": "en", "start_date": "2027-02-01",
        "end_date": "2027-05-01", "timezone": "Europe/Brussels", "class_size": "20",
    }  # fmt: skip


def _body(w: World) -> dict[str, Any]:
    data = offer_input(w.home, w.faculty_a).__dict__ | {"start_date": "2027-02-15", "end_date": "2027-06-15"}
    return {key: value for key, value in data.items() if key != "preferred_partner_ids"}


HTML_CASES: dict[str, list[Case]] = {
    "collaboration:offers": [Case("GET", lambda w: f"{BASE}/", LIST)],
    "collaboration:offer_create": [
        Case("GET", lambda w: f"{BASE}/new/", POST),
        Case("POST", lambda w: f"{BASE}/new/", POST, body=_form),
    ],
    "collaboration:offers_import": [
        Case("GET", lambda w: f"{BASE}/import/", POST),
        Case("POST", lambda w: f"{BASE}/import/", POST, body=lambda w: {}),
    ],
    "collaboration:offer_detail": [
        Case("GET", lambda w: f"{BASE}/{_ours(w).pk}/", READ),
        Case("GET", lambda w: f"{BASE}/{_unrelated(w).pk}/", OTHER_READ, label="unrelated"),
    ],
    "collaboration:offer_edit": [
        Case("GET", lambda w: f"{BASE}/{_ours(w).pk}/edit/", OUR_OFFER_WRITE),
        Case("POST", lambda w: f"{BASE}/{_ours(w).pk}/edit/", OUR_OFFER_WRITE, body=_form),
    ],
    "collaboration:offer_withdraw": [
        Case("GET", lambda w: f"{BASE}/{_ours(w).pk}/withdraw/", OUR_OFFER_WRITE),
        Case("POST", lambda w: f"{BASE}/{_ours(w).pk}/withdraw/", OUR_OFFER_WRITE),
    ],
    "collaboration:offer_propose": [
        Case("POST", lambda w: f"{BASE}/{_ours(w).pk}/propose/{_theirs(w).pk}/", OUR_OFFER_WRITE),
    ],
    "collaboration:proposal_accept": [
        Case("POST", lambda w: f"{BASE}/proposals/{_proposal(w).pk}/accept/", THEIR_OFFER_WRITE),
    ],
    "collaboration:proposal_decline": [
        Case("POST", lambda w: f"{BASE}/proposals/{_proposal(w).pk}/decline/", THEIR_OFFER_WRITE),
    ],
    "collaboration:proposal_withdraw": [
        Case("POST", lambda w: f"{BASE}/proposals/{_proposal(w).pk}/withdraw/", OUR_OFFER_WRITE),
    ],
}

API_CASES: dict[str, list[Case]] = {
    f"GET {API}/offers": [Case("GET", lambda w: f"{API}/offers", _api(LIST))],
    f"POST {API}/offers": [Case("POST", lambda w: f"{API}/offers", API_POST, body=_body)],
    f"GET {API}/offers/{{offer_id}}": [
        Case("GET", lambda w: f"{API}/offers/{_ours(w).pk}", _api(READ)),
        Case("GET", lambda w: f"{API}/offers/{_unrelated(w).pk}", _api(OTHER_READ), label="unrelated"),
    ],
    f"PUT {API}/offers/{{offer_id}}": [
        Case("PUT", lambda w: f"{API}/offers/{_ours(w).pk}", _api(OUR_OFFER_WRITE), body=_body)
    ],
    f"POST {API}/offers/{{offer_id}}/withdraw": [
        Case("POST", lambda w: f"{API}/offers/{_ours(w).pk}/withdraw", _api(OUR_OFFER_WRITE))
    ],
    f"GET {API}/offers/{{offer_id}}/suggestions": [
        Case("GET", lambda w: f"{API}/offers/{_ours(w).pk}/suggestions", _api(READ))
    ],
    f"POST {API}/offers/{{offer_id}}/proposals": [
        Case(
            "POST",
            lambda w: f"{API}/offers/{_ours(w).pk}/proposals",
            _api(OUR_OFFER_WRITE),
            body=lambda w: {"to_offer_id": _theirs(w).pk},
        )
    ],
    f"GET {API}/proposals": [Case("GET", lambda w: f"{API}/proposals", _api(LIST))],
    f"POST {API}/proposals/{{proposal_id}}/accept": [
        Case(
            "POST",
            lambda w: f"{API}/proposals/{_proposal(w).pk}/accept",
            _api(THEIR_OFFER_WRITE),
            body=lambda w: {},
        )
    ],
    f"POST {API}/proposals/{{proposal_id}}/decline": [
        Case(
            "POST",
            lambda w: f"{API}/proposals/{_proposal(w).pk}/decline",
            _api(THEIR_OFFER_WRITE),
            body=lambda w: {},
        )
    ],
    f"POST {API}/proposals/{{proposal_id}}/withdraw": [
        Case("POST", lambda w: f"{API}/proposals/{_proposal(w).pk}/withdraw", _api(OUR_OFFER_WRITE))
    ],
}
