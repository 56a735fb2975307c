"""The header at the widths between a phone and a wide screen (tablets, small laptops): every item stays on the
screen and readable. It used to expand from 768 px and run off the right edge up to about 1,300 px: the user menu
and the language were cut off, and at 1,366 px the language box shrank to its arrow."""

import pytest

pytestmark = pytest.mark.e2e

WIDTHS = (800, 1024, 1199, 1200, 1280, 1366, 1440)
# The demo's voting assistant has one of the longest names of the demo's menus: "Marc Lefèvre (médiathèque)".
LONG_NAME = "assistant-vote@demo.pbplatform.fr"


def _box(locator):
    box = locator.bounding_box()
    assert box is not None, "not on the page"
    return box


def _assert_header_fits(page, width):
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), f"{width} px: h-scroll"
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.locator("#main-nav.show").wait_for()
    language = page.locator("#language-select")
    for item in (page.locator("#user-menu, #main-nav a[href*='/accounts/login/']").first, language):
        box = _box(item)
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{width} px: {box} off the screen"
    # The chosen language is readable, not squeezed to the box's arrow.
    assert _box(language)["width"] >= 80, f"{width} px: the language box is {_box(language)['width']} px wide"
    assert language.evaluate("select => select.scrollWidth <= select.clientWidth")


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_header_fits_every_width_signed_in_with_a_long_name(page, login, language):
    login(page, LONG_NAME, language=language)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.visit(f"/{language}/processes/")
        _assert_header_fits(page, width)
    page.assert_clean()


def test_the_header_fits_every_width_for_a_visitor(page, demo):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.visit("/fr/processes/")
        _assert_header_fits(page, width)
    page.assert_clean()
