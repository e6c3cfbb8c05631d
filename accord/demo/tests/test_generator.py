import datetime as dt

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings

from accord.accounts.models import User
from accord.agreements.models import Agreement, AgreementKind, AgreementStatus, ConditionSubjectArea
from accord.agreements.selectors import agreements_expiring
from accord.agreements.services import agreement_input_from, agreement_update
from accord.common.models import AuditEvent
from accord.common.roles import Role
from accord.conftest import FAST_HASHERS
from accord.demo.generator import SIZES, load_demo
from accord.institutions.models import Institution
from accord.institutions.services import institution_input_from, institution_update
from accord.mobility.models import Direction, Mobility, Person
from accord.mobility.selectors import mobility_list
from accord.mobility.services import mobility_input_from, mobility_update
from accord.reference.models import IscedField

TODAY = dt.date(2026, 11, 28)

# Kinds of rows the generator writes in bulk, never through the services.
BULK_LOADED = {"institution", "agreement", "mobility", "person"}


def _fingerprint() -> dict[str, object]:
    return {
        "institutions": list(
            Institution.objects.order_by("id").values_list("name", "country", "erasmus_code")
        ),
        "agreements": list(
            Agreement.objects.order_by("id").values_list("reference_code", "title", "status", "valid_to")
        ),
        "areas": list(ConditionSubjectArea.objects.order_by("id").values_list("isced_id", flat=True)),
        "people": list(Person.objects.order_by("id").values_list("given_names", "family_name", "email")),
        "mobilities": list(
            Mobility.objects.order_by("id").values_list(
                "direction", "status", "planned_start", "host_institution__name"
            )
        ),
    }


@pytest.fixture(scope="module")
def _module_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The small demo, loaded once for the module inside a transaction rolled back after it (6-10 s a load).

    Each test still runs in a savepoint of its own, so a test that reloads or changes the demo leaves the next
    one the demo as loaded here.
    """
    private = tmp_path_factory.mktemp("private")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS, ACCORD_PRIVATE_ROOT=private),
        transaction.atomic(),
    ):
        yield load_demo(size="small", seed=7, today=TODAY)
        transaction.set_rollback(True)


@pytest.fixture
def small_demo(_module_demo, db):
    return _module_demo


def test_the_same_seed_and_day_give_the_same_portfolio(small_demo):
    first = _fingerprint()
    again = load_demo(size="small", seed=7, today=TODAY, reset=True)
    assert again.counts == small_demo.counts
    assert _fingerprint() == first
    load_demo(size="small", seed=8, today=TODAY, reset=True)
    other = _fingerprint()
    assert other["institutions"] == first["institutions"]  # the shipped sample is the same
    assert other["agreements"] != first["agreements"]


def test_small_demo_has_the_planned_size_and_one_audit_event(small_demo):
    plan = SIZES["small"]
    assert Agreement.objects.count() == plan.agreements
    assert Mobility.objects.count() == plan.mobilities + 1  # plus the demo student's own
    assert Institution.objects.filter(is_home=True).count() == 1
    assert Institution.objects.filter(is_home=False).count() >= 500
    home = Institution.objects.get(is_home=True)
    assert home.units.filter(parent=None).count() >= 7
    assert home.units.exclude(parent=None).count() >= 20
    events = list(AuditEvent.objects.values_list("action", flat=True))
    # The bulk load is one event, not one per row; the few demo steps taken through the services (a call
    # published, a document filed, an agreement proposed) write their own events, as in real use.
    assert events.count("demo.loaded") == 1
    assert not {e for e in events if e.endswith(".created") and e.split(".")[0] in BULK_LOADED}
    assert small_demo.counts["mobilities"] == Mobility.objects.count()


def test_partners_are_real_institutions_with_identifiers(small_demo):
    partners = Institution.objects.filter(is_home=False)
    assert partners.filter(erasmus_code__isnull=False).count() >= 400
    assert partners.filter(ror_id__isnull=False).count() >= 400
    assert partners.exclude(country__in=["AT", "BE", "DE", "ES", "FR", "IT", "PL", "PT", "NL"]).count() > 100
    upm = Institution.objects.get(erasmus_code="E  MADRID05")
    assert upm.name == "Universidad Politécnica de Madrid"
    assert upm.domains.filter(domain="upm.es").exists()
    assert upm.timezone == "Europe/Madrid"


def test_every_agreement_kind_and_lifecycle_stage_is_present(small_demo):
    assert set(Agreement.objects.values_list("kind", flat=True)) == set(AgreementKind.values)
    statuses = set(Agreement.objects.values_list("status", flat=True))
    assert {
        AgreementStatus.ACTIVE,
        AgreementStatus.EXPIRED,
        AgreementStatus.DRAFT,
        AgreementStatus.NEGOTIATION,
    } <= statuses
    officer = User.objects.get(username="officer")
    assert agreements_expiring(actor=officer, within_days=180, today=TODAY).count() >= 10
    assert Agreement.objects.filter(status=AgreementStatus.EXPIRED, valid_to__lt=TODAY).count() >= 20
    years = Agreement.objects.values_list("conditions__first_year", "conditions__last_year").exclude(
        conditions=None
    )
    assert min(y[0] for y in years) == 2019 and max(y[1] for y in years) == 2028


def test_mobilities_run_both_ways_over_several_years(small_demo):
    assert set(Mobility.objects.values_list("direction", flat=True)) == {
        Direction.OUTGOING,
        Direction.INCOMING,
    }
    assert Mobility.objects.values("academic_year").distinct().count() >= 6
    assert set(Mobility.objects.values_list("mobility_type", flat=True)) >= {
        "student_studies",
        "staff_teaching",
    }
    # Every mobility runs under a condition of its agreement, in that condition's direction.
    for mobility in Mobility.objects.select_related("condition")[:300]:
        assert mobility.condition.agreement_id == mobility.agreement_id
        assert mobility.condition.sending_institution_id == mobility.home_institution_id


def test_every_role_has_a_demo_login_that_works(small_demo):
    assert {login.role for login in small_demo.logins} == set(Role.values)
    for login in small_demo.logins:
        user = User.objects.get(username=login.username)
        assert user.role == login.role
    client = Client()
    assert client.login(username="officer", password=small_demo.logins[0].password)
    coordinator = User.objects.get(username="coordinator")
    assert list(coordinator.units.values_list("code", flat=True)) == ["SCI"]
    partner = User.objects.get(username="partner")
    assert partner.partner_institution.agreements.exists()
    student = User.objects.get(username="student")
    own = mobility_list(actor=student)
    assert own.count() == 1 and own.get().direction == Direction.OUTGOING


def test_demo_rows_pass_the_services_own_validation(small_demo):
    """Written in bulk, but valid by the same rules as data entered through the services."""
    with connection.cursor():
        connection.check_constraints()
    officer = User.objects.get(username="officer")
    events_before = list(AuditEvent.objects.values_list("action", flat=True))
    for agreement in Agreement.objects.filter(conditions__isnull=False).distinct().order_by("id")[:25]:
        saved = agreement_update(agreement=agreement, data=agreement_input_from(agreement), actor=officer)
        assert saved.version == 1  # nothing to change
    for mobility in Mobility.objects.order_by("id")[:25]:
        mobility_update(mobility=mobility, data=mobility_input_from(mobility), actor=officer)
    for institution in Institution.objects.order_by("id")[:25]:
        institution_update(institution=institution, data=institution_input_from(institution), actor=officer)
    # Nothing changed, so nothing was audited.
    assert list(AuditEvent.objects.values_list("action", flat=True)) == events_before


def test_reset_keeps_reference_data(small_demo):
    load_demo(size="small", seed=7, today=TODAY, reset=True)
    assert IscedField.objects.count() == 220
    assert AuditEvent.objects.filter(action="demo.loaded").count() == 1
