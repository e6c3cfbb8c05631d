"""`accord ewp`: EWP IIA v7 documents from the command line (export, import of partners' copies, hashes).

Exit status: 0 when everything asked for was done, 1 when some agreement or file was refused (the others
are still exported or imported; each file is imported whole or not at all), 2 for wrong usage.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from accord.common.commands import setup

if TYPE_CHECKING:
    from accord.accounts.models import User

EXPORT_BATCH = 500


@click.group("ewp")
def ewp() -> None:
    """EWP documents: IIA v7 export, partners' copies, iia-hash."""


def _actor(username: str | None) -> User:
    from accord.accounts.models import User
    from accord.common.roles import Role

    users = User.objects.filter(is_active=True)
    actor = (
        users.filter(username=username).first()
        if username
        else users.filter(role=Role.ADMIN).order_by("id").first()
    )
    if actor is None:
        raise click.ClickException(
            f"No active user {username!r}."
            if username
            else "No administrator yet: run `accord createuser NAME --role admin`, or pass --user."
        )
    return actor


@ewp.command("export-iia")
@click.option("--agreement", "agreement_ids", type=click.IntRange(1), multiple=True, metavar="ID")
@click.option("--all", "export_all", is_flag=True, help="Every exchange agreement.")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the files (created if missing); one <agreement id>.xml per agreement.",
)
def export_iia(agreement_ids: tuple[int, ...], export_all: bool, out: Path) -> None:
    """Write IIA v7 get-responses, validated against the official XSD, one file per agreement.

    Give --agreement ID (repeatable) or --all. Agreements that cannot be IIAs yet (for example a
    condition without a recommended language) are listed with the reason and skipped.
    """
    if bool(agreement_ids) == export_all:
        raise click.UsageError("Give either --agreement ID (repeatable) or --all.")
    setup()
    from accord.agreements.ewp.adapters import with_iia_relations
    from accord.agreements.ewp.services import export_documents
    from accord.agreements.models import EXCHANGE_KINDS, Agreement

    qs = Agreement.objects.order_by("pk")
    if agreement_ids:
        qs = qs.filter(pk__in=agreement_ids)
        missing = sorted(set(agreement_ids) - set(qs.values_list("pk", flat=True)))
        if missing:
            raise click.ClickException(f"No agreement with id {', '.join(map(str, missing))}.")
    else:
        qs = qs.filter(kind__in=EXCHANGE_KINDS)
    out.mkdir(parents=True, exist_ok=True)
    written = refused = 0
    for result in export_documents(with_iia_relations(qs).iterator(chunk_size=EXPORT_BATCH)):
        if result.document is not None:
            (out / f"{result.agreement.pk}.xml").write_bytes(result.document)
            written += 1
        else:
            assert result.error is not None
            click.echo(f"agreement {result.agreement.pk}: {result.error.message}", err=True)
            refused += 1
    click.echo(f"Wrote {written} IIA document(s) to {out}" + (f"; {refused} refused." if refused else "."))
    if refused:
        sys.exit(1)


@ewp.command("import-iia")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--user",
    "username",
    help="Officer or administrator recorded as the importer [default: the first administrator].",
)
def import_iia(files: tuple[Path, ...], username: str | None) -> None:
    """Import partners' IIAs get-responses (v7 or v6): create or update each partner's copy.

    Each file is checked completely (safe XML, the official XSD, known institutions) and imported whole
    or not at all; a refused file is reported with the reason and the line when there is one.
    """
    setup()
    from accord.agreements.ewp.services import MAX_DOCUMENT_BYTES, partner_copies_import
    from accord.common.errors import DomainError

    actor = _actor(username)
    failures = 0
    for path in files:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            click.echo(f"{path}: refused: larger than {MAX_DOCUMENT_BYTES:,} bytes.", err=True)
            failures += 1
            continue
        try:
            results = partner_copies_import(content=path.read_bytes(), actor=actor)
        except DomainError as error:
            click.echo(f"{path}: refused ({error.code}): {error.message}", err=True)
            failures += 1
            continue
        for item in results:
            copy = item.copy
            link = f"agreement {copy.agreement_id}" if copy.agreement_id else "not linked"
            click.echo(
                f"{path}: {item.outcome} copy {copy.pk} of {copy.partner.schac_id} iia-id "
                f"{copy.partner_iia_id} ({copy.schema_version}), {link}"
                + (f"; {item.note}" if item.note else "")
            )
    if failures:
        sys.exit(1)


@ewp.command("iia-hash")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def iia_hash(file: Path) -> None:
    """Print the iia-hash of each IIA in a get-response, beside the hash the document states.

    One line per IIA: iia-id, computed hash, "matches"/"differs"/"no stated hash", and "not valid for
    approval" when v6 migration markers are present. The document is parsed safely but not validated.
    """
    from accord.engines.ewp import EwpDocumentError, iia_hash_report

    try:
        rows = iia_hash_report(file.read_bytes())
    except EwpDocumentError as error:
        raise click.ClickException(f"{error.code}: {error.message}") from None
    if not rows:
        raise click.ClickException("The document holds no <iia> element.")
    mismatch = False
    for row in rows:
        check = row.check
        if check.stated is None:
            state = "no stated hash"
        elif check.matches:
            state = "matches"
        else:
            state, mismatch = f"differs from stated {check.stated}", True
        approval = "" if row.valid_for_approval else ", not valid for approval"
        click.echo(f"{check.iia_id or '-'}\t{check.computed}\t{state}{approval}")
    if mismatch:
        sys.exit(1)


COMMANDS = [ewp]
