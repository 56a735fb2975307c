"""HTML sanitising for rich text written by agents or residents (nh3)."""

import decimal

import nh3

RICH_TEXT_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h2", "h3", "h4",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "hr", "span",
}
RICH_TEXT_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": {"colspan"}}


def clean_html(value):
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def assign_fields(obj, data, fields, *, rich_text=frozenset()):
    """Copy the `fields` present in `data` onto `obj`, cleaned as the services store them: rich text sanitised,
    other strings stripped. Returns the names whose value changed (for the audit entry)."""
    changed = []
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        if name in rich_text:
            value = clean_html(value or "")
        elif isinstance(value, str):
            value = value.strip()
        if getattr(obj, name) != value:
            changed.append(name)
        setattr(obj, name, value)
    return changed


def formula_safe(text):
    """`text` for a CSV cell: one starting with = + - @ would run as a formula in a spreadsheet (CSV injection), so
    it gets an apostrophe in front; numbers (-3, +1.5) stay as they are. The imports take the apostrophe off."""
    if text[:1] in ("=", "+", "-", "@") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text):
    try:
        decimal.Decimal(text)
    except (decimal.InvalidOperation, ValueError):
        return False
    return True
