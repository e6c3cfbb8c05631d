"""`accord analytics-refresh`: rebuild the analytics summary tables and health scores now."""

import click

from accord.common.commands import setup


@click.command("analytics-refresh")
def analytics_refresh() -> None:
    """Recompute the dashboards' figures and the partnership health scores (otherwise done nightly)."""
    setup()
    from accord.analytics.refresh import refresh_all

    summary = refresh_all()
    click.echo(
        f"Analytics refreshed in {summary['seconds']:.1f} s: {summary['facts']:,} fact rows, "
        f"{summary['scores']:,} health scores."
    )


COMMANDS = [analytics_refresh]
