"""An index in the lists' default order (latest end date first), found with bench/pages.py.

Without it, PostgreSQL reads every agreement sharing the newest end date before it can return a page.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(fields=["-valid_to", "-id"], name="agreement_valid_to_desc"),
        ),
    ]
