"""The rows of a chart's data table, built in Python: a map's 400 partners through template loops cost more
than drawing the chart."""

from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

TABLE_ROWS = 200


@register.simple_tag
def chart_table_body(rows: list[list[Any]], columns: int) -> SafeString:
    if not rows:
        return format_html('<tr><td colspan="{}">No data for these filters.</td></tr>', columns)
    html = []
    for row in rows[:TABLE_ROWS]:
        label, *values = row
        cells = "".join(f"<td>{'—' if v is None else conditional_escape(v)}</td>" for v in values)
        html.append(f'<tr><th scope="row">{conditional_escape(label)}</th>{cells}</tr>')
    # Every value went through conditional_escape above.
    return mark_safe("".join(html))
