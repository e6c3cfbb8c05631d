from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accord.common.access import get_visible_or_404, require, writes_everything
from accord.institutions.models import Institution
from accord.institutions.selectors import institutions_visible_to

if TYPE_CHECKING:
    from accord.common.access import Someone


def can_edit_institution(user: Someone) -> bool:
    return writes_everything(user)


def get_institution_for_user(user: Someone, institution_id: Any, *, write: bool = False) -> Institution:
    institution = get_visible_or_404(institutions_visible_to(user), institution_id)
    if write:
        require(can_edit_institution(user))
    return institution
