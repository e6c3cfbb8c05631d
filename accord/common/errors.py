from typing import Any


class DomainError(Exception):
    """The one error type services raise; edges turn it into a JSON body or an inline form message.

    `code` is a stable string clients can test; `field` names the form field it belongs to, if any.
    """

    status_by_code: dict[str, int] = {
        "not_found": 404,
        "permission_denied": 403,
        "conflict": 409,
        "duplicate": 409,
        "edit_conflict": 409,
        "invalid_state": 409,
        "in_use": 409,
    }

    def __init__(
        self, code: str, message: str, *, field: str | None = None, extra: dict[str, Any] | None = None
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.extra = extra or {}

    @property
    def http_status(self) -> int:
        return self.status_by_code.get(self.code, 422)

    def as_dict(self) -> dict[str, Any]:
        details = dict(self.extra)
        if self.field:
            details["field"] = self.field
        return {"code": self.code, "message": self.message, "details": details}


def not_found(kind: str = "object") -> DomainError:
    return DomainError("not_found", f"No such {kind}.")
