"""An index in the lists' default order (latest planned start first), found with bench/pages.py.

Without it, the first page of mobilities sorts all of them (seconds with a million rows).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("mobility", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="mobility",
            index=models.Index(fields=["-planned_start", "-id"], name="mobility_planned_start_desc"),
        ),
    ]
