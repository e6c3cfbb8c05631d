"""Audit events in words for the history panels: "agreement.document_added" reads "Document added"."""

from django import template

register = template.Library()


@register.filter
def action_words(action: str) -> str:
    """The event's verb phrase, without the module prefix that only the audit log needs."""
    words = action.rsplit(".", 1)[-1].replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else action


ACRONYMS = {
    "ects": "ECTS",
    "eqf": "EQF",
    "isced": "ISCED",
    "ewp": "EWP",
    "cefr": "CEFR",
    "url": "URL",
    "pdf": "PDF",
}


@register.filter
def field_words(name: str) -> str:
    words = [ACRONYMS.get(word, word) for word in name.split("_") if word]
    if not words:
        return name
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])
