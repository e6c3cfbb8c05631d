from django import forms

from accord.common.errors import DomainError


def attach_domain_error(
    form: forms.BaseForm, error: DomainError, *, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's DomainError beside the field it names, or at the top of the form."""
    target = (field_map or {}).get(error.field or "", error.field)
    if target and target in form.fields:
        form.add_error(target, error.message)
    else:
        form.add_error(None, error.message)
