from typing import Any

from accord.common.access import get_visible_or_404, require, writes_everything
from accord.institutions.models import Institution
from accord.institutions.selectors import institutions_visible_to


def can_edit_institution(user: Any) -> bool:
    return writes_everything(user)


def get_institution_for_user(user: Any, institution_id: Any, *, write: bool = False) -> Institution:
    institution = get_visible_or_404(institutions_visible_to(user), institution_id)
    if write:
        require(can_edit_institution(user))
    return institution
