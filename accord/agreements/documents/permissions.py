"""Who may open and change an agreement's documents: whoever sees the agreement reads them, whoever may edit
it adds and removes them (the rules are `agreements/permissions.py`'s)."""

from typing import Any

from accord.accounts.models import User
from accord.agreements.models import AgreementDocument
from accord.agreements.permissions import can_edit_agreement, get_agreement_for_user
from accord.common.access import get_visible_or_404, require


def get_document_for_user(
    user: User, agreement_id: Any, document_id: Any, *, write: bool = False
) -> AgreementDocument:
    """The document of a visible agreement (else 404, as if missing); 403 on writes without edit rights."""
    agreement = get_agreement_for_user(user, agreement_id)
    document = get_visible_or_404(agreement.documents.all(), document_id)
    document.agreement = agreement
    if write:
        require(can_edit_agreement(user, agreement))
    return document
