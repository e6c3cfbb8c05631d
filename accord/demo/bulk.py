"""Fast row writing for the demo loader: PostgreSQL COPY, or batched INSERTs on other databases.

Rows are tuples in the order of the given model field names, with ids chosen by the caller so that rows of
one table can point at rows of another before either is written. This bypasses model `save()`, services and
per-row audit events on purpose: the loader writes hundreds of thousands of rows of invented data, and records
one `demo.loaded` event instead.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, cast

from django.core.management.color import no_style
from django.db import connection, connections, models

# Tables the demo never empties: reference data loaded by migrations, and Django's own bookkeeping.
KEEP_TABLES_PREFIXES = ("reference_", "django_migrations", "django_content_type", "auth_permission")


class BulkWriter:
    def __init__(self, batch_size: int = 5000) -> None:
        self.batch_size = batch_size
        self.postgres = connection.vendor == "postgresql"

    def next_id(self, model: type[models.Model]) -> int:
        top = model._default_manager.aggregate(top=models.Max("pk"))["top"]
        return int(top or 0) + 1

    def write(self, model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Write rows whose values follow `names` (field names; a foreign key by its `_id` attname).

        Columns left out get their field's default (or NULL), as `Model.save()` would give them: raw inserts
        bypass Django's defaults, and a field added later must not break the demo.
        """
        fields = [cast("models.Field[Any, Any]", model._meta.get_field(name)) for name in names]
        given = {f.attname for f in fields}
        missing = [f for f in model._meta.concrete_fields if f.attname not in given and not f.primary_key]
        if missing:
            fields += missing
            # get_default(): the declared default, "" for a text field without one, else None. Called per row,
            # so that a callable default (a UUID) gives each row its own value.
            rows = ([*row, *(f.get_default() for f in missing)] for row in rows)
        columns = ", ".join(connection.ops.quote_name(f.column or f.name) for f in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        if self.postgres:
            return self._copy(table, columns, fields, rows)
        return self._insert(table, columns, fields, rows)

    def write_dicts(self, model: type[models.Model], rows: Sequence[dict[str, Any]]) -> int:
        """Write rows given as {field name: value}; all rows have the keys of the first."""
        if not rows:
            return 0
        names = list(rows[0])
        return self.write(model, names, [[row[name] for name in names] for row in rows])

    def _copy(self, table: str, columns: str, fields: list[Any], rows: Iterable[Sequence[Any]]) -> int:
        json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
        count = 0
        with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                if json_at:
                    row = list(row)
                    for i in json_at:
                        row[i] = json.dumps(row[i])
                copy.write_row(row)
                count += 1
        return count

    def _insert(self, table: str, columns: str, fields: list[Any], rows: Iterable[Sequence[Any]]) -> int:
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 (names come from model meta)
        db = connections[connection.alias]
        # Only these types need the backend's adaptation; plain numbers and strings go through as they are.
        adapted = (models.DateField, models.DecimalField, models.JSONField, models.UUIDField)
        prep: list[tuple[int, Any, dict[Any, Any]]] = [
            (i, f.get_db_prep_save, {}) for i, f in enumerate(fields) if isinstance(f, adapted)
        ]
        count = 0
        batch: list[list[Any]] = []
        with connection.cursor() as cursor:
            for row in rows:
                values = list(row)
                for i, convert, seen in prep:
                    value = values[i]
                    if isinstance(value, list | dict):
                        values[i] = convert(value, db)
                    else:
                        # Dates and timestamps repeat (every row shares one `now`): adapt each value once.
                        if value not in seen:
                            seen[value] = convert(value, db)
                        values[i] = seen[value]
                batch.append(values)
                if len(batch) >= self.batch_size:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
        return count

    @contextlib.contextmanager
    def indexes_built_afterwards(self, model_list: Sequence[type[models.Model]]) -> Iterator[None]:
        """On PostgreSQL, drop these tables' secondary indexes and foreign keys, and rebuild them at the end.

        Building an index once from sorted data, and checking a foreign key with one join, is several times
        faster than maintaining them row by row (and than a million deferred checks at commit). Everything
        happens in the caller's transaction, so a failed load leaves the schema as it was.
        """
        if not self.postgres:
            yield
            return
        tables = [m._meta.db_table for m in model_list]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY oid",
                [tables],
            )
            foreign_keys = cursor.fetchall()
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i "
                "WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
                "ORDER BY indexrelid",
                [tables],
            )
            indexes = cursor.fetchall()
            for table, name, _definition in foreign_keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {name}")
        yield
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            for table, name, definition in foreign_keys:
                cursor.execute(
                    f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
                )

    def reset_sequences(self, model_list: Sequence[type[models.Model]]) -> None:
        """After writing explicit ids, make the database hand out ids above them."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def analyze(self, model_list: Sequence[type[models.Model]]) -> None:
        """Fresh planner statistics, so that the first queries after a big load use the indexes.

        Outside a transaction VACUUM runs too: it marks the new pages all-visible, which lets counts over
        millions of rows use index-only scans instead of reading the table.
        """
        if not self.postgres:
            return
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in model_list)
        with connection.cursor() as cursor:
            cursor.execute(f"{'ANALYZE' if connection.in_atomic_block else 'VACUUM ANALYZE'} {tables}")


def wipe_domain_data() -> None:
    """Empty every table except reference data, so the demo can be loaded again from scratch."""
    tables = [
        name
        for name in connection.introspection.django_table_names(only_existing=True, include_views=False)
        if not name.startswith(KEEP_TABLES_PREFIXES)
    ]
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True)
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with foreign-key checks still pending in this transaction: run them first.
        statements = ["SET CONSTRAINTS ALL IMMEDIATE", *statements, "SET CONSTRAINTS ALL DEFERRED"]
    connection.ops.execute_sql_flush(statements)
