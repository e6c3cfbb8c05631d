"""One permission matrix over every URL and every API operation, for every persona.

Built from the URL configuration and the OpenAPI schema: a new URL or operation without an entry here or in
its app's `tests/permission_cases.py` (dicts HTML_CASES and API_CASES) fails `test_every_url_has_an_entry`.
Each case checks the status, and on denial that no row changed.
"""

import datetime as dt
from typing import Any

import pytest

from accord.accounts.models import ApiToken
from accord.tests.matrix_support import (
    ADMIN_ONLY_HIDDEN,
    ALLOWED,
    ALLOWED_STATUSES,
    API_OFFICE_WRITES,
    API_OTHER_INSTITUTION_READ,
    API_OTHER_INSTITUTION_WRITE,
    API_OTHER_READ,
    API_OTHER_WRITE,
    API_READ_EVERYONE,
    API_SCOPED_CREATE,
    EVERYONE,
    OFFICE_WRITES,
    OTHER_INSTITUTION_READ,
    OTHER_INSTITUTION_WRITE,
    OTHER_READ,
    OTHER_WRITE,
    OWN_AGREEMENT_WRITE,
    PERSONAS,
    SCOPED_CREATE,
    SIGNED_IN,
    Case,
    api_operations,
    app_cases,
    expect,
    html_url_names,
    request_changing_nothing,
)
from accord_testing.factories import ContactFactory
from accord_testing.world import World


def _contact(w: World) -> Any:
    return ContactFactory(institution=w.other_partner)


def _officer_token(w: World) -> ApiToken:
    return ApiToken.objects.create(user=w.users["officer"], name="ci", prefix="abcd1234", token_hash="0" * 64)


def _institution_form(w: World) -> dict[str, Any]:
    return {"name": "Matrix University", "country": "FR", "schac_id": "matrix.example.fr"}


HTML: dict[str, list[Case]] = {
    "dashboard": [Case("GET", lambda w: "/", EVERYONE)],
    "accounts:login": [Case("GET", lambda w: "/accounts/login/", expect(allowed=SIGNED_IN, anonymous=200))],
    "accounts:logout": [Case("POST", lambda w: "/accounts/logout/", expect(allowed=SIGNED_IN))],
    "accounts:password_change": [Case("GET", lambda w: "/accounts/password/", EVERYONE)],
    "accounts:tokens": [Case("GET", lambda w: "/accounts/tokens/", EVERYONE)],
    "accounts:token_revoke": [
        Case(
            "POST",
            lambda w: f"/accounts/tokens/{_officer_token(w).pk}/revoke/",
            expect(
                allowed=("officer",),
                s404=("admin", "coordinator", "student", "partner_contact", "auditor", "outsider"),
            ),
        )
    ],
    "audit:list": [Case("GET", lambda w: "/audit/", ADMIN_ONLY_HIDDEN)],
    "institutions:list": [Case("GET", lambda w: "/institutions/", EVERYONE)],
    "institutions:create": [
        Case("GET", lambda w: "/institutions/new/", OFFICE_WRITES),
        Case("POST", lambda w: "/institutions/new/", OFFICE_WRITES, body=_institution_form),
    ],
    "institutions:timezones": [Case("GET", lambda w: "/institutions/timezones/?country=PL", EVERYONE)],
    "institutions:detail": [
        Case("GET", lambda w: f"/institutions/{w.other_partner.pk}/", OTHER_INSTITUTION_READ)
    ],
    "institutions:update": [
        Case("GET", lambda w: f"/institutions/{w.other_partner.pk}/edit/", OTHER_INSTITUTION_WRITE),
        Case(
            "POST",
            lambda w: f"/institutions/{w.other_partner.pk}/edit/",
            OTHER_INSTITUTION_WRITE,
            body=_institution_form,
        ),
    ],
    "institutions:delete": [
        Case("POST", lambda w: f"/institutions/{w.other_partner.pk}/delete/", OTHER_INSTITUTION_WRITE)
    ],
    "institutions:unit_create": [
        Case(
            "POST",
            lambda w: f"/institutions/{w.other_partner.pk}/units/new/",
            OTHER_INSTITUTION_WRITE,
            body=lambda w: {"name": "Lab"},
        )
    ],
    "institutions:unit_update": [
        Case(
            "POST",
            lambda w: f"/institutions/{w.home.pk}/units/{w.faculty_b.pk}/edit/",
            OFFICE_WRITES,
            body=lambda w: {"name": "Renamed", "code": "ART"},
        )
    ],
    "institutions:unit_delete": [
        Case("POST", lambda w: f"/institutions/{w.home.pk}/units/{w.faculty_b.pk}/delete/", OFFICE_WRITES)
    ],
    "institutions:contact_create": [
        Case(
            "POST",
            lambda w: f"/institutions/{w.other_partner.pk}/contacts/new/",
            OTHER_INSTITUTION_WRITE,
            body=lambda w: {"name": "New Contact", "email": "new@example.org"},
        )
    ],
    "institutions:contact_update": [
        Case(
            "POST",
            lambda w: f"/institutions/{w.other_partner.pk}/contacts/{_contact(w).pk}/edit/",
            OTHER_INSTITUTION_WRITE,
            body=lambda w: {"name": "Renamed Contact"},
        )
    ],
    "institutions:contact_delete": [
        Case(
            "POST",
            lambda w: f"/institutions/{w.other_partner.pk}/contacts/{_contact(w).pk}/delete/",
            OTHER_INSTITUTION_WRITE,
        )
    ],
    # Students have no agreements to list; the page is hidden from them like the menu entry.
    "agreements:list": [
        Case(
            "GET",
            lambda w: "/agreements/",
            expect(allowed=tuple(p for p in SIGNED_IN if p != "student"), s404=("student",)),
        )
    ],
    "agreements:create": [
        Case("GET", lambda w: "/agreements/new/", SCOPED_CREATE),
        Case("POST", lambda w: "/agreements/new/", SCOPED_CREATE, body=lambda w: {"title": "x"}),
    ],
    # Type-ahead options list only institutions the user may already see, so everyone may ask.
    "agreements:institution_options": [
        Case("GET", lambda w: "/agreements/institution-options/?q=Uni", EVERYONE)
    ],
    "agreements:form_row": [
        Case(
            "GET",
            lambda w: "/agreements/form-row/?formset=conditions&conditions-TOTAL_FORMS=1",
            SCOPED_CREATE,
        )
    ],
    "agreements:detail": [
        Case("GET", lambda w: f"/agreements/{w.other_agreement.pk}/", OTHER_READ),
        Case(
            "GET",
            lambda w: f"/agreements/{w.agreement.pk}/",
            expect(
                allowed=("admin", "officer", "auditor", "coordinator", "partner_contact"),
                s404=("student", "outsider"),
            ),
            label="own",
        ),
    ],
    "agreements:edit": [
        Case("GET", lambda w: f"/agreements/{w.other_agreement.pk}/edit/", OTHER_WRITE),
        Case(
            "POST",
            lambda w: f"/agreements/{w.other_agreement.pk}/edit/",
            OTHER_WRITE,
            body=lambda w: {"title": "x"},
        ),
        Case("GET", lambda w: f"/agreements/{w.agreement.pk}/edit/", OWN_AGREEMENT_WRITE, label="own"),
    ],
    "agreements:delete": [Case("POST", lambda w: f"/agreements/{w.other_agreement.pk}/delete/", OTHER_WRITE)],
    "mobility:list": [Case("GET", lambda w: "/mobilities/", EVERYONE)],
    "mobility:create": [Case("GET", lambda w: "/mobilities/new/", SCOPED_CREATE)],
    "mobility:detail": [
        Case("GET", lambda w: f"/mobilities/{w.other_mobility.pk}/", OTHER_READ),
        Case(
            "GET",
            lambda w: f"/mobilities/{w.mobility.pk}/",
            expect(
                allowed=("admin", "officer", "auditor", "coordinator", "partner_contact", "student"),
                s404=("outsider",),
            ),
            label="own",
        ),
    ],
    "mobility:edit": [
        Case("GET", lambda w: f"/mobilities/{w.other_mobility.pk}/edit/", OTHER_WRITE),
        Case(
            "POST",
            lambda w: f"/mobilities/{w.other_mobility.pk}/edit/",
            OTHER_WRITE,
            body=lambda w: {"status": "cancelled"},
        ),
    ],
    "mobility:delete": [Case("POST", lambda w: f"/mobilities/{w.other_mobility.pk}/delete/", OTHER_WRITE)],
    "mobility:person_search": [Case("GET", lambda w: "/mobilities/people/search/?q=Stu", SCOPED_CREATE)],
    "mobility:person_detail": [
        Case("GET", lambda w: f"/mobilities/people/{w.other_mobility.person_id}/", OTHER_READ)
    ],
    "mobility:person_edit": [
        Case(
            "POST",
            lambda w: f"/mobilities/people/{w.other_mobility.person_id}/edit/",
            OTHER_WRITE,
            body=lambda w: {"family_name": "X"},
        )
    ],
}


def _person_body(w: World) -> dict[str, Any]:
    return {"given_names": "Ada", "family_name": "Lovelace"}


def _mobility_body(w: World) -> dict[str, Any]:
    return {
        "person_id": w.other_mobility.person_id,
        "direction": "outgoing",
        "mobility_type": "student_studies",
        "home_institution_id": w.home.pk,
        "host_institution_id": w.other_partner.pk,
        "academic_year": "2026/2027",
        "planned_start": dt.date(2026, 9, 1).isoformat(),
        "planned_end": dt.date(2027, 1, 31).isoformat(),
        "unit_id": w.faculty_b.pk,
    }


def _agreement_body(w: World, **extra: Any) -> dict[str, Any]:
    """A valid agreement filed under faculty B with the unrelated partner, so that only access decides."""
    return {
        "kind": "erasmus_iia",
        "title": "Matrix agreement",
        "owner_unit_id": w.faculty_b.pk,
        "partners": [{"institution_id": w.home.pk}, {"institution_id": w.other_partner.pk}],
        "conditions": [
            {
                "mobility_type": "student_studies",
                "sending_institution_id": w.home.pk,
                "receiving_institution_id": w.other_partner.pk,
                "first_year": "2026/2027",
                "last_year": "2027/2028",
                "places_per_year": 2,
            }
        ],
        **extra,
    }


API: dict[str, list[Case]] = {
    "GET /api/v1/me": [Case("GET", lambda w: "/api/v1/me", API_READ_EVERYONE)],
    "GET /api/v1/institutions": [Case("GET", lambda w: "/api/v1/institutions", API_READ_EVERYONE)],
    "POST /api/v1/institutions": [
        Case("POST", lambda w: "/api/v1/institutions", API_OFFICE_WRITES, body=_institution_form)
    ],
    "GET /api/v1/institutions/{institution_id}": [
        Case("GET", lambda w: f"/api/v1/institutions/{w.other_partner.pk}", API_OTHER_INSTITUTION_READ)
    ],
    "PUT /api/v1/institutions/{institution_id}": [
        Case(
            "PUT",
            lambda w: f"/api/v1/institutions/{w.other_partner.pk}",
            API_OTHER_INSTITUTION_WRITE,
            body=_institution_form,
        )
    ],
    "PATCH /api/v1/institutions/{institution_id}": [
        Case(
            "PATCH",
            lambda w: f"/api/v1/institutions/{w.other_partner.pk}",
            API_OTHER_INSTITUTION_WRITE,
            body=lambda w: {"city": "Sevilla"},
        )
    ],
    "DELETE /api/v1/institutions/{institution_id}": [
        Case("DELETE", lambda w: f"/api/v1/institutions/{w.other_partner.pk}", API_OTHER_INSTITUTION_WRITE)
    ],
    "GET /api/v1/institutions/{institution_id}/units": [
        Case("GET", lambda w: f"/api/v1/institutions/{w.other_partner.pk}/units", API_OTHER_INSTITUTION_READ)
    ],
    "POST /api/v1/institutions/{institution_id}/units": [
        Case(
            "POST",
            lambda w: f"/api/v1/institutions/{w.other_partner.pk}/units",
            API_OTHER_INSTITUTION_WRITE,
            body=lambda w: {"name": "Lab"},
        )
    ],
    "GET /api/v1/institutions/{institution_id}/contacts": [
        Case(
            "GET", lambda w: f"/api/v1/institutions/{w.other_partner.pk}/contacts", API_OTHER_INSTITUTION_READ
        )
    ],
    "POST /api/v1/institutions/{institution_id}/contacts": [
        Case(
            "POST",
            lambda w: f"/api/v1/institutions/{w.other_partner.pk}/contacts",
            API_OTHER_INSTITUTION_WRITE,
            body=lambda w: {"name": "C"},
        )
    ],
    "GET /api/v1/agreements": [Case("GET", lambda w: "/api/v1/agreements", API_READ_EVERYONE)],
    "POST /api/v1/agreements": [
        Case(
            "POST",
            lambda w: "/api/v1/agreements",
            # Coordinators may create agreements, but not under faculty B.
            {**API_SCOPED_CREATE, "coordinator": 403, "outsider": 403},
            body=_agreement_body,
        )
    ],
    "GET /api/v1/agreements/{agreement_id}": [
        Case("GET", lambda w: f"/api/v1/agreements/{w.other_agreement.pk}", API_OTHER_READ)
    ],
    "PUT /api/v1/agreements/{agreement_id}": [
        Case(
            "PUT",
            lambda w: f"/api/v1/agreements/{w.other_agreement.pk}",
            API_OTHER_WRITE,
            body=lambda w: _agreement_body(w, version=w.other_agreement.version),
        )
    ],
    "PATCH /api/v1/agreements/{agreement_id}": [
        Case(
            "PATCH",
            lambda w: f"/api/v1/agreements/{w.other_agreement.pk}",
            API_OTHER_WRITE,
            body=lambda w: {"title": "Renamed"},
        ),
        Case(
            "PATCH",
            lambda w: f"/api/v1/agreements/{w.agreement.pk}",
            {**OWN_AGREEMENT_WRITE, "anonymous": 401},
            body=lambda w: {"title": "Renamed"},
            label="own",
        ),
    ],
    "DELETE /api/v1/agreements/{agreement_id}": [
        Case("DELETE", lambda w: f"/api/v1/agreements/{w.other_agreement.pk}", API_OTHER_WRITE)
    ],
    "GET /api/v1/mobilities": [Case("GET", lambda w: "/api/v1/mobilities", API_READ_EVERYONE)],
    "POST /api/v1/mobilities": [
        Case(
            "POST",
            lambda w: "/api/v1/mobilities",
            # The body files it under faculty B: coordinators may create mobilities, not for that unit.
            {**API_SCOPED_CREATE, "coordinator": 403, "outsider": 403},
            body=_mobility_body,
        )
    ],
    "GET /api/v1/mobilities/{mobility_id}": [
        Case("GET", lambda w: f"/api/v1/mobilities/{w.other_mobility.pk}", API_OTHER_READ)
    ],
    "PUT /api/v1/mobilities/{mobility_id}": [
        Case(
            "PUT", lambda w: f"/api/v1/mobilities/{w.other_mobility.pk}", API_OTHER_WRITE, body=_mobility_body
        )
    ],
    "PATCH /api/v1/mobilities/{mobility_id}": [
        Case(
            "PATCH",
            lambda w: f"/api/v1/mobilities/{w.other_mobility.pk}",
            API_OTHER_WRITE,
            body=lambda w: {"status": "cancelled"},
        )
    ],
    "DELETE /api/v1/mobilities/{mobility_id}": [
        Case("DELETE", lambda w: f"/api/v1/mobilities/{w.other_mobility.pk}", API_OTHER_WRITE)
    ],
    "POST /api/v1/people": [Case("POST", lambda w: "/api/v1/people", API_SCOPED_CREATE, body=_person_body)],
    "GET /api/v1/people/{person_id}": [
        Case("GET", lambda w: f"/api/v1/people/{w.other_mobility.person_id}", API_OTHER_READ)
    ],
}


HTML.update(app_cases("HTML_CASES"))
API.update(app_cases("API_CASES"))


def test_every_url_has_an_entry() -> None:
    assert html_url_names() == set(HTML), (
        "add the new URL to HTML here or to the app's tests/permission_cases.py"
    )
    assert api_operations() == set(API), (
        "add the new API operation to API here or to the app's tests/permission_cases.py"
    )


def _cases(table: dict[str, list[Case]]) -> list[Any]:
    params = []
    for name, cases in table.items():
        for index, case in enumerate(cases):
            for persona in PERSONAS:
                label = case.label or f"{case.method}{index}"
                params.append(pytest.param(case, persona, id=f"{name}-{label}-{persona}"))
    return params


def _run(world: World, case: Case, persona: str, *, api: bool) -> None:
    client = world.client_for(persona)
    path = case.path(world)
    body = case.body(world) if case.body else None
    method = getattr(client, case.method.lower())

    def send() -> Any:
        if api:
            return (
                method(path, data=body, content_type="application/json") if body is not None else method(path)
            )
        return method(path, data=body or {})

    expected = case.expect[persona]
    if expected == ALLOWED:
        response = send()
        assert response.status_code in ALLOWED_STATUSES, response.content[:300]
        return
    if case.method != "GET" or expected in {401, 403, 404}:
        response, unchanged = request_changing_nothing(send)
        assert response.status_code == expected, response.content[:300]
        assert unchanged, "a denied request changed data"
    else:
        response = send()
        assert response.status_code == expected, response.content[:300]
    if persona == "anonymous" and not api and expected == 302:
        assert "/accounts/login/" in response["Location"]


# The world is built once per module (shared_world): every case runs in its own transaction, rolled back.
@pytest.mark.parametrize(("case", "persona"), _cases(HTML))
def test_html_permissions(shared_world: World, case: Case, persona: str) -> None:
    _run(shared_world, case, persona, api=False)


@pytest.mark.parametrize(("case", "persona"), _cases(API))
def test_api_permissions(shared_world: World, case: Case, persona: str) -> None:
    _run(shared_world, case, persona, api=True)
