"""Personal API tokens, end to end: created in the page, used on the API, revoked, refused."""

import datetime as dt
import hashlib
import re

import pytest
import time_machine
from django.test import Client

from accord.accounts.models import ApiToken
from accord.accounts.tokens.services import MAX_ACTIVE_TOKENS, token_authenticate, token_create, token_revoke
from accord.common.errors import DomainError
from accord.common.models import AuditEvent

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


def create_in_page(client: Client, name: str = "Nightly report") -> str:
    response = client.post("/accounts/tokens/", {"name": name})
    assert response.status_code == 201
    match = re.search(r'id="new-token"[^>]*value="(acc_[^"]+)"', response.content.decode())
    assert match, "the new secret is shown"
    return match.group(1)


def api_me(secret: str, client: Client | None = None) -> object:
    return (client or Client()).get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_page_lists_nothing_at_first_and_needs_a_sign_in(world):
    assert Client().get("/accounts/tokens/").status_code == 302
    page = world.client_for("officer").get("/accounts/tokens/")
    assert page.status_code == 200
    assert "You have no API tokens yet" in page.content.decode()


def test_lifecycle_create_use_revoke(world):
    client = world.client_for("partner_contact")
    with time_machine.travel(START, tick=False):
        secret = create_in_page(client)
    token = ApiToken.objects.get(user=world.users["partner_contact"])
    # Only the hash is kept; the secret appears nowhere in the database or the audit trail.
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix) and len(token.prefix) == 12
    created = AuditEvent.objects.get(action="api_token.created")
    assert secret not in str(created.data) and created.actor == world.users["partner_contact"]
    # The page shows it once; the next visit lists the token without the secret.
    listing = client.get("/accounts/tokens/").content.decode()
    assert secret not in listing and token.prefix in listing and "Never" in listing

    with time_machine.travel(START + dt.timedelta(seconds=5), tick=False):
        response = api_me(secret)
    assert response.status_code == 200
    assert response.json()["username"] == "partner_contact"
    assert response.json()["authenticated_by"] == "token"
    assert response.json()["scope"]["partner_institution"]["id"] == world.partner.pk
    token.refresh_from_db()
    assert token.last_used_at == START + dt.timedelta(seconds=5)

    confirm = client.get(f"/accounts/tokens/{token.pk}/revoke/")
    assert confirm.status_code == 200 and "Revoke the token" in confirm.content.decode()
    token.refresh_from_db()
    assert token.is_active  # looking at the confirmation changes nothing
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302 and response.url == "/accounts/tokens/"
    token.refresh_from_db()
    assert not token.is_active
    assert AuditEvent.objects.filter(action="api_token.revoked", target_id=str(token.pk)).count() == 1

    refused = api_me(secret)
    assert refused.status_code == 401
    assert refused.json()["code"] == "invalid_token"
    assert "Revoked" in client.get("/accounts/tokens/").content.decode()


def test_last_used_is_written_at_most_once_a_minute(world, django_assert_num_queries):
    token, secret = token_create(user=world.users["officer"], name="Sync", actor=world.users["officer"])
    with time_machine.travel(START, tick=False):
        assert token_authenticate(secret) == world.users["officer"]
    with time_machine.travel(START + dt.timedelta(seconds=59), tick=False), django_assert_num_queries(1):
        assert token_authenticate(secret) == world.users["officer"]  # a read, no write
    token.refresh_from_db()
    assert token.last_used_at == START
    with time_machine.travel(START + dt.timedelta(seconds=61), tick=False):
        token_authenticate(secret)
    token.refresh_from_db()
    assert token.last_used_at == START + dt.timedelta(seconds=61)


def test_htmx_revoke_swaps_the_table_in_place(world):
    client = world.client_for("officer")
    token, _ = token_create(user=world.users["officer"], name="CI", actor=world.users["officer"])
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="tokens"') and "<html" not in html
    assert "is revoked" in html and "Revoked" in html


def test_revoke_button_asks_for_confirmation(world):
    token_create(user=world.users["officer"], name="CI", actor=world.users["officer"])
    html = world.client_for("officer").get("/accounts/tokens/").content.decode()
    assert 'data-confirm="Revoke the token “CI”?' in html


@pytest.mark.parametrize("persona", ["coordinator", "admin", "anonymous"])
def test_someone_elses_token_cannot_be_revoked_in_the_page(world, persona):
    token, secret = token_create(user=world.users["officer"], name="Mine", actor=world.users["officer"])
    before = AuditEvent.objects.count()
    response = world.client_for(persona).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == (302 if persona == "anonymous" else 404)
    token.refresh_from_db()
    assert token.is_active and AuditEvent.objects.count() == before
    assert api_me(secret).status_code == 200


def test_inactive_user_is_refused(world):
    user = world.users["auditor"]
    _, secret = token_create(user=user, name="Audit export", actor=user)
    assert api_me(secret).status_code == 200
    user.is_active = False
    user.save()
    response = api_me(secret)
    assert (response.status_code, response.json()["code"]) == (401, "invalid_token")


@pytest.mark.parametrize(
    "header",
    ["Bearer acc_not-a-real-token", "Bearer ", "Bearer x" + "y" * 5000, "Basic dXNlcjpwYXNz", "Token abc"],
)
def test_bad_credentials_are_401_json(world, header):
    response = Client().get("/api/v1/institutions", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] in {"invalid_token", "not_authenticated"}


def test_a_bad_token_is_not_rescued_by_a_session_cookie(world):
    client = world.client_for("officer")
    assert client.get("/api/v1/me").status_code == 200
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer acc_wrong").status_code == 401


def test_token_writes_need_no_csrf_token_and_act_as_the_user(world):
    _, secret = token_create(user=world.users["coordinator"], name="Import", actor=world.users["coordinator"])
    client = Client(enforce_csrf_checks=True)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    own = client.patch(
        f"/api/v1/agreements/{world.agreement.pk}",
        '{"notes": "via API"}',
        content_type="application/json",
        **headers,
    )
    assert own.status_code == 200 and own.json()["notes"] == "via API"
    event = AuditEvent.objects.get(action="agreement.updated", target_id=str(world.agreement.pk))
    assert event.actor == world.users["coordinator"]
    other = client.patch(
        f"/api/v1/agreements/{world.other_agreement.pk}",
        '{"notes": "x"}',
        content_type="application/json",
        **headers,
    )
    assert other.status_code == 404


def test_form_errors_are_shown_beside_the_field(world):
    client = world.client_for("officer")
    response = client.post("/accounts/tokens/", {"name": "  "})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'class="errorlist"' in html and "This field is required" in html
    assert not ApiToken.objects.exists()


def test_there_is_a_limit_on_active_tokens(world):
    user = world.users["student"]
    for n in range(MAX_ACTIVE_TOKENS):
        token_create(user=user, name=f"t{n}", actor=user)
    response = world.client_for("student").post("/accounts/tokens/", {"name": "one too many"})
    assert response.status_code == 422
    assert "revoke one first" in response.content.decode()
    assert ApiToken.objects.filter(user=user).count() == MAX_ACTIVE_TOKENS


def test_services_guard_who_may_manage_tokens(world):
    officer, coordinator, admin = world.users["officer"], world.users["coordinator"], world.users["admin"]
    with pytest.raises(DomainError) as err:
        token_create(user=officer, name="Not yours", actor=coordinator)
    assert err.value.code == "permission_denied"
    token, _ = token_create(user=officer, name="Officer's", actor=officer)
    with pytest.raises(DomainError):
        token_revoke(token=token, actor=coordinator)
    token_revoke(token=token, actor=admin)  # administrators may revoke anyone's token, e.g. a leaked one
    token_revoke(token=token, actor=admin)  # a second revoke is harmless and not recorded twice
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1
