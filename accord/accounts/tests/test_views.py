import pytest
from django.test import Client
from django.urls import reverse

from accord.accounts.models import User
from accord.common.models import AuditEvent
from accord.mobility.models import Mobility
from accord_testing.factories import PASSWORD, UserFactory

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
PASSWORD_PAGE = reverse("accounts:password_change")
NEW_PASSWORD = "a-much-longer-passphrase-42"


def is_signed_in(client):
    return client.get(PASSWORD_PAGE).status_code == 200


# --- sign in and out --------------------------------------------------------------------------------


def test_sign_in_with_the_right_password(world):
    client = Client()
    response = client.post(LOGIN, {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert is_signed_in(client)


def test_sign_in_returns_to_the_page_asked_for(world):
    response = Client().post(LOGIN, {"username": "officer", "password": PASSWORD, "next": "/mobilities/"})
    assert response["Location"] == "/mobilities/"


def test_failed_sign_in_shows_an_error_and_signs_nobody_in(world):
    client = Client()
    response = client.post(LOGIN, {"username": "officer", "password": "not-it"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html and "correct username and password" in html
    assert not is_signed_in(client)


def test_empty_sign_in_shows_errors_beside_the_fields(world):
    html = Client().post(LOGIN, {"username": "", "password": ""}).content.decode()
    assert 'id="id_username_error"' in html and 'id="id_password_error"' in html


def test_inactive_user_cannot_sign_in(world):
    world.users["officer"].is_active = False
    world.users["officer"].save()
    client = Client()
    assert client.post(LOGIN, {"username": "officer", "password": PASSWORD}).status_code == 200
    assert not is_signed_in(client)


def test_sign_out_is_a_post_and_ends_the_session(world):
    client = world.client_for("officer")
    assert client.get(LOGOUT).status_code == 405
    assert is_signed_in(client)
    response = client.post(LOGOUT)
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert not is_signed_in(client)


# --- password change --------------------------------------------------------------------------------


def test_password_change_requires_sign_in(world):
    response = Client().get(PASSWORD_PAGE)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_password_change_keeps_the_session_and_is_audited(world):
    client = world.client_for("officer")
    response = client.post(
        PASSWORD_PAGE,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain == [(PASSWORD_PAGE, 302)]
    assert "Your password has been changed." in response.content.decode()
    user = User.objects.get(username="officer")
    assert user.check_password(NEW_PASSWORD)
    assert is_signed_in(client)
    event = AuditEvent.objects.get(action="user.password_changed", target_id=str(user.pk))
    assert event.actor == user and event.data == {"by_self": True}
    assert NEW_PASSWORD not in str(event.changes) + str(event.data)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
            "old_password",
        ),
        (
            {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": "different"},
            "new_password2",
        ),
        ({"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}, "new_password2"),
        (
            {"old_password": PASSWORD, "new_password1": "1234567890123", "new_password2": "1234567890123"},
            "new_password2",
        ),
    ],
)
def test_bad_password_change_shows_the_error_beside_the_field_and_changes_nothing(world, data, field):
    client = world.client_for("officer")
    response = client.post(PASSWORD_PAGE, data)
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert User.objects.get(username="officer").check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="user.password_changed").exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("coordinator", "Faculty of Science"),
        ("partner_contact", "What concerns Partner University."),
        ("officer", "Every institution, agreement and mobility."),
        ("outsider", "No units yet"),
    ],
)
def test_password_page_shows_role_and_scope(world, persona, expected):
    html = world.client_for(persona).get(PASSWORD_PAGE).content.decode()
    assert world.users[persona].get_role_display() in html
    assert expected in html


# --- the admin site ---------------------------------------------------------------------------------

ADMIN = reverse("admin:index")


def test_admin_site_is_for_administrators_only(world):
    assert world.client_for("admin").get(ADMIN).status_code == 200
    officer = world.client_for("officer")
    response = officer.get(ADMIN)
    assert response.status_code == 302
    assert officer.get(response["Location"]).status_code == 403


def test_anonymous_visitors_are_sent_to_the_product_sign_in(world):
    response = Client().get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0].startswith(LOGIN)


def test_role_decides_not_the_staff_flag(world):
    staff_officer = UserFactory(username="staffer", role="officer", is_staff=True)
    plain_admin = UserFactory(username="plainadmin", role="admin", is_staff=False)
    for user, status in ((staff_officer, 302), (plain_admin, 200)):
        client = Client()
        client.force_login(user)
        assert client.get(ADMIN).status_code == status


def test_domain_models_are_read_only_in_the_admin(world):
    client = world.client_for("admin")
    mobility = world.mobility
    assert client.get(reverse("admin:mobility_mobility_changelist")).status_code == 200
    assert client.get(reverse("admin:mobility_mobility_change", args=[mobility.pk])).status_code == 200
    assert client.get(reverse("admin:mobility_mobility_add")).status_code == 403
    response = client.post(reverse("admin:mobility_mobility_delete", args=[mobility.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Mobility.objects.filter(pk=mobility.pk).exists()
    assert client.get(reverse("admin:common_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:institutions_institution_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:agreements_agreement_change", args=[world.agreement.pk])).status_code == 200
    )


def _user_form(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "units": [u.pk for u in user.units.all()],
        "partner_institution": user.partner_institution_id or "",
        "is_active": "on" if user.is_active else "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_admin_changes_a_users_role_and_units_with_an_audit_event(world):
    target = world.users["outsider"]
    url = reverse("admin:accounts_user_change", args=[target.pk])
    response = world.client_for("admin").post(url, _user_form(target, units=[world.faculty_b.pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(target.units.values_list("pk", flat=True)) == [world.faculty_b.pk]
    event = AuditEvent.objects.get(action="user.updated", target_id=str(target.pk))
    assert event.actor == world.users["admin"]
    assert event.changes == {"units": [[], [world.faculty_b.pk]]}


def test_partner_contacts_need_an_institution(world):
    target = world.users["officer"]
    url = reverse("admin:accounts_user_change", args=[target.pk])
    response = world.client_for("admin").post(url, _user_form(target, role="partner"))
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.role == "officer"
    assert not AuditEvent.objects.filter(action="user.updated").exists()


def test_admin_creates_a_user_and_the_password_stays_out_of_the_audit(world):
    data = {
        "username": "newcoordinator",
        "usable_password": "true",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "role": "coordinator",
        "units": [world.faculty_a.pk],
        "first_name": "New",
        "last_name": "Coordinator",
        "email": "new@example.org",
    }
    response = world.client_for("admin").post(reverse("admin:accounts_user_add"), data)
    assert response.status_code == 302
    user = User.objects.get(username="newcoordinator")
    assert user.role == "coordinator" and user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="user.created", target_id=str(user.pk))
    assert event.changes["role"] == [None, "coordinator"] and event.changes["units"] == [
        None,
        [world.faculty_a.pk],
    ]
    assert NEW_PASSWORD not in str(event.changes) and "password1" not in event.changes


def test_admin_password_reset_is_audited(world):
    target = world.users["student"]
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    data = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    response = world.client_for("admin").post(url, data)
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="user.password_changed", target_id=str(target.pk))
    assert event.actor == world.users["admin"] and event.data == {"by_self": False}


def test_only_superusers_make_superusers(world):
    target = world.users["officer"]
    url = reverse("admin:accounts_user_change", args=[target.pk])
    assert 'name="is_superuser"' not in world.client_for("admin").get(url).content.decode()
    world.client_for("admin").post(url, _user_form(target, is_superuser="on"))
    target.refresh_from_db()
    assert not target.is_superuser


def test_users_cannot_be_deleted_in_the_admin(world):
    target = world.users["auditor"]
    url = reverse("admin:accounts_user_delete", args=[target.pk])
    assert world.client_for("admin").post(url, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=target.pk).exists()


def test_officer_cannot_change_users_through_the_admin(world):
    target = world.users["student"]
    url = reverse("admin:accounts_user_change", args=[target.pk])
    world.client_for("officer").post(url, _user_form(target, role="admin"))
    target.refresh_from_db()
    assert target.role == "student"
    assert not AuditEvent.objects.filter(action="user.updated").exists()
