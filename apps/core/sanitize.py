"""HTML sanitising for rich text written by agents or residents (nh3)."""

import decimal
import html
import re

import nh3
from django.utils.html import strip_tags

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


# The blocks whose end is a paragraph break in plain text.
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|tr|table)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)


def html_to_text(value, *, paragraphs=False):
    """Stored rich text as the plain text a reader sees: tags dropped, then character references decoded (a project
    made from a proposal stores `l&#x27;été`, nh3 writes `&` as `&amp;`: escaping them again would show them). The
    result is plain text, to be escaped where it is shown, never marked safe. Whitespace is collapsed to single
    spaces, or with `paragraphs`, blocks are kept apart by a blank line."""
    if not value:
        return ""
    if paragraphs:
        text = strip_tags(_BLOCK_END.sub("\n\n", value))
        text = html.unescape(text)
        blocks = (" ".join(block.split()) for block in re.split(r"\n\s*\n", text))
        return "\n\n".join(block for block in blocks if block)
    return " ".join(html.unescape(strip_tags(_BLOCK_END.sub(" ", value))).split())


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
