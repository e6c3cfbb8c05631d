"""Load the 220 ISCED-F 2013 codes with their translations, and academic years 2000/2001 to 2040/2041."""

import csv
import datetime as dt
from importlib import resources

from django.db import migrations


def _rows(name):
    text = resources.files("accord.reference").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def load(apps, schema_editor):
    IscedField = apps.get_model("reference", "IscedField")
    AcademicYear = apps.get_model("reference", "AcademicYear")
    translations = {row["code"]: {k: v for k, v in row.items() if k not in {"code", "en"} and v} for row in _rows("isced_f_2013_translations.csv")}
    rows = _rows("isced_f_2013.csv")
    # Parents come before children in the file's level order: broad, narrow, detailed.
    for level in ("broad", "narrow", "detailed"):
        IscedField.objects.bulk_create(
            [
                IscedField(code=r["code"], level=r["level"], name=r["name"], parent_id=r["parent"] or None, translations=translations.get(r["code"], {}))
                for r in rows
                if r["level"] == level
            ]
        )
    AcademicYear.objects.bulk_create(
        [AcademicYear(start_year=y, start_date=dt.date(y, 9, 1), end_date=dt.date(y + 1, 8, 31)) for y in range(2000, 2041)]
    )


def unload(apps, schema_editor):
    apps.get_model("reference", "IscedField").objects.all().delete()
    apps.get_model("reference", "AcademicYear").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
