"""The API's shared edges: error bodies, bad input of every kind, the schema and the docs page."""

import json
import re
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.common.models import AuditEvent
from accord.institutions.models import Institution

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"code", "message", "details"}


def send(client: Client, method: str, url: str, body: Any = None, raw: bytes | str | None = None) -> Any:
    data = raw if raw is not None else (json.dumps(body) if body is not None else "")
    return getattr(client, method)(url, data=data, content_type="application/json")


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == code
    return body


def test_malformed_json_is_400_and_changes_nothing(world):
    before = Institution.objects.count()
    for raw in (
        "{bad",
        '{"name": "x",}',
        b"\xff\xfe",
        "[" * 5000,
        '{"name": "x", "latitude": NaN, "country": "FR"}',
    ):
        assert_error(
            send(world.client_for("officer"), "post", "/api/v1/institutions", raw=raw), 400, "malformed_json"
        )
    assert Institution.objects.count() == before


@pytest.mark.parametrize(
    "body, field",
    [
        ({"country": "FR"}, "name"),
        ({"name": 12, "country": "FR"}, "name"),
        ({"name": "x", "country": "FR", "latitude": "north"}, "latitude"),
        ({"name": "x", "country": "FR", "is_home": "perhaps"}, "is_home"),
        ({"name": "x" * 301, "country": "FR"}, "name"),
        ({"name": "x", "country": "FR", "unknown_field": 1}, "unknown_field"),
        ({"name": "x", "country": "FR", "other_names": [{"lang": "pl"}]}, "other_names.0.name"),
        ({"name": "x", "country": "FR", "website": "javascript:alert(1)"}, "website"),
    ],
)
def test_wrong_types_are_422_with_the_field_path(world, body, field):
    before = Institution.objects.count()
    payload = assert_error(
        send(world.client_for("officer"), "post", "/api/v1/institutions", body), 422, "validation_error"
    )
    assert field in [error["field"] for error in payload["details"]["errors"]]
    assert all(error["location"] == "body" for error in payload["details"]["errors"])
    assert Institution.objects.count() == before


@pytest.mark.parametrize("body", [[], "text", 12, None, [{"name": "x"}]])
def test_a_body_that_is_not_an_object_is_422(world, body):
    response = send(world.client_for("officer"), "post", "/api/v1/institutions", raw=json.dumps(body))
    assert_error(response, 422, "validation_error")


def test_nul_characters_are_refused_not_stored(world):
    body = {"name": "Evil\u0000 University", "country": "FR"}
    assert_error(
        send(world.client_for("officer"), "post", "/api/v1/institutions", body), 422, "validation_error"
    )
    assert_error(world.client_for("officer").get("/api/v1/institutions?q=a%00b"), 400, "invalid_query")


def test_huge_integers_never_reach_the_database(world):
    huge = 10**30
    client = world.client_for("officer")
    assert_error(client.get(f"/api/v1/institutions/{huge}"), 404, "not_found")
    assert_error(client.get(f"/api/v1/agreements?partner={huge}"), 400, "invalid_query")
    body = {"name": "x", "country": "FR", "latitude": huge}
    assert_error(send(client, "post", "/api/v1/institutions", body), 422, "out_of_range")
    unit = {"name": "Dept", "parent_id": huge}
    assert_error(
        send(client, "post", f"/api/v1/institutions/{world.home.pk}/units", unit), 422, "validation_error"
    )


@pytest.mark.parametrize("path_id", ["abc", "0", "-1", "1.5", "99999999", "%20"])
def test_non_numeric_or_unknown_path_ids_are_404(world, path_id):
    for collection in ("institutions", "agreements", "mobilities", "people"):
        assert_error(world.client_for("admin").get(f"/api/v1/{collection}/{path_id}"), 404, "not_found")


def test_hidden_and_missing_objects_give_identical_404_bodies(world):
    client = world.client_for("partner_contact")
    hidden = client.get(f"/api/v1/agreements/{world.other_agreement.pk}")
    missing = client.get("/api/v1/agreements/987654")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=101", "limit=x", "offset=-1", "is_home=perhaps", "offset=99999999999999999999"],
)
def test_bad_query_parameters_are_400(world, query):
    body = assert_error(
        world.client_for("officer").get(f"/api/v1/institutions?{query}"), 400, "invalid_query"
    )
    assert body["details"]["errors"][0]["location"] == "query"


def test_unknown_paths_and_methods_answer_json(world):
    client = world.client_for("officer")
    assert_error(client.get("/api/v1/no-such-thing"), 404, "not_found")
    assert_error(client.post("/api/v1/no/such/thing", {}), 404, "not_found")
    response = send(client, "post", "/api/v1/me", {})
    assert_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"


def test_api_root_points_to_docs_and_schema(world):
    body = world.client_for("anonymous").get("/api/v1/").json()
    assert body["docs"].endswith("/api/v1/docs")
    assert body["openapi"].endswith("/api/v1/openapi.json")


def test_unauthenticated_is_401_json_with_challenge(world):
    response = Client().get("/api/v1/institutions")
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_session_writes_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["officer"])
    before = Institution.objects.count()
    body = {"name": "CSRF University", "country": "FR"}
    assert_error(send(client, "post", "/api/v1/institutions", body), 403, "csrf_failed")
    assert Institution.objects.count() == before
    client.get("/accounts/tokens/")  # sets the csrftoken cookie, as any page does
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/institutions", json.dumps(body), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201
    assert client.get("/api/v1/institutions").status_code == 200  # reads need no token


def test_a_domain_error_keeps_its_code_and_field(world):
    client = world.client_for("officer")
    body = assert_error(
        send(client, "post", "/api/v1/institutions", {"name": "x", "country": "ZZ"}), 422, "invalid_country"
    )
    assert body["details"] == {"field": "country"}
    dup = {"name": "Copy", "country": "PL", "schac_id": "partner.example.org"}
    body = assert_error(send(client, "post", "/api/v1/institutions", dup), 409, "duplicate")
    assert body["details"] == {"field": "schac_id", "existing_id": world.partner.pk}


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
FIELDS = st.sampled_from(
    ["name", "country", "latitude", "pic", "domains", "other_names", "is_home", "parent_id"]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(JSON_VALUES, st.dictionaries(FIELDS, JSON_VALUES, max_size=6)))
def test_fuzzed_bodies_never_cause_a_server_error(world, body):
    client = world.client_for("officer")
    for method, url in (
        ("post", "/api/v1/institutions"),
        ("patch", f"/api/v1/institutions/{world.partner.pk}"),
        ("post", f"/api/v1/institutions/{world.home.pk}/units"),
        ("post", "/api/v1/agreements"),
        ("post", "/api/v1/mobilities"),
    ):
        response = send(client, method, url, raw=json.dumps(body))
        assert response.status_code < 500, (url, body, response.content)
        if response.status_code >= 400:
            assert set(response.json()) == ERROR_KEYS


OPERATIONS = """
GET me
GET institutions
POST institutions
GET institutions/{institution_id}
PUT institutions/{institution_id}
PATCH institutions/{institution_id}
DELETE institutions/{institution_id}
GET institutions/{institution_id}/units
POST institutions/{institution_id}/units
GET institutions/{institution_id}/contacts
POST institutions/{institution_id}/contacts
GET agreements
POST agreements
GET agreements/{agreement_id}
PUT agreements/{agreement_id}
PATCH agreements/{agreement_id}
DELETE agreements/{agreement_id}
GET mobilities
POST mobilities
GET mobilities/{mobility_id}
PUT mobilities/{mobility_id}
PATCH mobilities/{mobility_id}
DELETE mobilities/{mobility_id}
POST people
GET people/{person_id}
"""


def test_openapi_schema_lists_every_operation(world):
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Accord API"
    assert schema["info"]["version"] == "1"
    operations = {f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item}
    expected = {
        f"{op} /api/v1/{path}" for op, path in (line.split() for line in OPERATIONS.strip().splitlines())
    }
    assert expected <= operations
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    assert "limit" in schema["info"]["description"] and "count_is_exact" in schema["info"]["description"]
    error_ref = schema["paths"]["/api/v1/agreements"]["get"]["responses"]["403"]["content"][
        "application/json"
    ]["schema"]
    assert error_ref["$ref"].endswith("/ErrorOut")
    year = schema["components"]["schemas"]["ConditionIn"]["properties"]["first_year"]
    assert year["type"] == "string"
    body = schema["paths"]["/api/v1/agreements/{agreement_id}"]["put"]["requestBody"]
    assert body["required"] is True
    assert {"partners", "conditions", "version"} <= set(
        body["content"]["application/json"]["schema"]["properties"]
    )


def test_docs_page_loads_its_assets_from_our_static_files(world):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert assets and all(asset.startswith("/static/") for asset in assets), assets
    assert "cdn" not in html.lower()
    for asset in assets:
        served = Client().get(asset)
        assert served.status_code == 200, asset
        b"".join(served.streaming_content)  # type: ignore[attr-defined]
        served.close()


def test_errors_are_not_audited_but_successes_are(world):
    client = world.client_for("officer")
    before = AuditEvent.objects.count()
    send(client, "post", "/api/v1/institutions", {"name": "x", "country": "ZZ"})
    assert AuditEvent.objects.count() == before
    send(client, "post", "/api/v1/institutions", {"name": "Audited University", "country": "FR"})
    assert AuditEvent.objects.filter(action="institution.created").count() == 1


@pytest.mark.parametrize(
    "persona, method, url, status",
    [
        ("anonymous", "post", "/api/v1/institutions", 401),
        ("student", "post", "/api/v1/institutions", 403),
        ("auditor", "post", "/api/v1/agreements", 403),
        ("partner_contact", "post", "/api/v1/mobilities", 403),
        ("partner_contact", "post", "/api/v1/people", 403),
        ("partner_contact", "put", "/api/v1/institutions/{partner}", 403),
        ("partner_contact", "patch", "/api/v1/institutions/{other_partner}", 404),
        ("partner_contact", "put", "/api/v1/agreements/{agreement}", 403),
        ("coordinator", "put", "/api/v1/agreements/{other_agreement}", 404),
        ("student", "patch", "/api/v1/mobilities/{mobility}", 403),
        ("outsider", "put", "/api/v1/mobilities/{mobility}", 404),
        ("auditor", "post", "/api/v1/institutions/{partner}/units", 403),
    ],
)
def test_access_is_decided_before_the_body_is_read(world, persona, method, url, status):
    """Whoever may not touch an object learns that, not what is wrong with their body."""
    ids = {
        "partner": world.partner.pk,
        "other_partner": world.other_partner.pk,
        "agreement": world.agreement.pk,
        "other_agreement": world.other_agreement.pk,
        "mobility": world.mobility.pk,
    }
    before = (Institution.objects.count(), AuditEvent.objects.count())
    response = send(world.client_for(persona), method, url.format(**ids), {"garbage": [1, 2, 3]})
    assert response.status_code == status, response.content
    assert response.json()["code"] in {"not_authenticated", "permission_denied", "not_found"}
    assert (Institution.objects.count(), AuditEvent.objects.count()) == before
