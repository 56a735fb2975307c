"""The CSP allows styles from our own files only (style-src 'self'): an inline `style` attribute in a page is
blocked by the browser and logged as a violation (found on the back-office home). E-mails are not pages: mail
clients need inline styles."""

import re
from pathlib import Path

from django.conf import settings

STYLE_ATTRIBUTE = re.compile(r"""<[^>]*\sstyle\s*=""", re.IGNORECASE)


def _page_templates():
    roots = [Path(settings.BASE_DIR) / "templates", *sorted((Path(settings.BASE_DIR) / "apps").glob("*/templates"))]
    for root in roots:
        for path in root.rglob("*.html"):
            if "emails" not in path.relative_to(root).parts:
                yield path


def test_the_csp_allows_styles_from_files_only():
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"] == ["'self'"]


def test_no_page_template_has_an_inline_style_attribute():
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in _page_templates()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if STYLE_ATTRIBUTE.search(line)
    ]
    assert offenders == []
