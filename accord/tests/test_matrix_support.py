"""The permission matrix's own machinery: a denied request that changed a row must be caught."""

import pytest
from django.db import transaction
from django.http import HttpResponse

from accord.institutions.models import Institution
from accord.tests.matrix_support import request_changing_nothing, written_tables
from accord_testing.world import World

pytestmark = pytest.mark.django_db


def test_written_tables_are_read_from_insert_update_and_delete_statements() -> None:
    sql = [
        'SELECT "a"."id" FROM "a"',
        'INSERT INTO "institutions_institution" ("name") VALUES (%s)',
        'UPDATE "agreements_agreement" SET "title" = %s',
        'DELETE FROM "mobility_mobility" WHERE "id" = %s',
        "SAVEPOINT s1",
    ]
    assert written_tables(sql) == {"institutions_institution", "agreements_agreement", "mobility_mobility"}


def test_a_row_changed_by_the_request_is_caught(world: World) -> None:
    def rename() -> HttpResponse:
        Institution.objects.filter(pk=world.partner.pk).update(name="Changed behind our back")
        return HttpResponse(status=403)

    response, unchanged = request_changing_nothing(rename)
    assert response.status_code == 403 and not unchanged
    # and the check itself left the database as it was
    assert Institution.objects.get(pk=world.partner.pk).name == world.partner.name


def test_a_row_added_by_the_request_is_caught(world: World) -> None:
    def add() -> HttpResponse:
        Institution.objects.create(name="Sneaked in", country="FR")
        return HttpResponse(status=404)

    assert request_changing_nothing(add)[1] is False
    assert not Institution.objects.filter(name="Sneaked in").exists()


def test_a_write_the_request_rolled_back_itself_is_no_change(world: World) -> None:
    def refused() -> HttpResponse:
        with transaction.atomic():
            Institution.objects.filter(pk=world.partner.pk).update(name="Tried")
            transaction.set_rollback(True)
        return HttpResponse(status=403)

    assert request_changing_nothing(refused)[1] is True


def test_reading_is_no_change(world: World) -> None:
    assert request_changing_nothing(lambda: HttpResponse(str(Institution.objects.count())))[1] is True
