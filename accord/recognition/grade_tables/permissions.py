"""Who may read and change grade distribution tables: published figures, kept by the international office."""

from typing import Any

from accord.accounts.models import User
from accord.common.access import get_visible_or_404, require, writes_everything
from accord.recognition.models import GradeTable


def can_write_grade_tables(user: User | None) -> bool:
    return writes_everything(user)


def get_grade_table_for_user(user: User, table_id: Any, *, write: bool = False) -> GradeTable:
    table = get_visible_or_404(GradeTable.objects.select_related("institution", "isced"), table_id)
    if write:
        require(can_write_grade_tables(user))
    return table
