"""Proposal titles on the maps stay text: no payload in a geolocated title becomes an element in a tooltip
or popup (Leaflet treats string content as HTML, so proposals.js builds both from text nodes)."""

import pytest

from apps.proposals.models import Proposal
from tests.factories import PhaseFactory, ProcessFactory, ProposalFactory

pytestmark = pytest.mark.e2e

# Each payload would create an element (most marked data-xss) if parsed as HTML. Kept under 150 characters.
PAYLOADS = [
    "<script data-xss>window.__xss = 1</script>",
    "<img src=x onerror=alert(1) data-xss>",
    '"><img src=x onerror=alert(2) data-xss>',
    "'><svg onload=alert(3) data-xss>",
    "<svg><script data-xss>alert(4)</script></svg>",
    "<iframe src=javascript:alert(5) data-xss></iframe>",
    '<a href="javascript:alert(6)" data-xss>click</a>',
    "<details open ontoggle=alert(7) data-xss>",
    "<object data=javascript:alert(8) data-xss>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(9)" data-xss>',
    "<base href=//evil.example/ data-xss>",
    '<form action=//evil.example data-xss><input name=q data-xss value="x"></form>',
    '<div hx-get="/en/me/delete/" hx-trigger="load" data-xss>htmx</div>',
    "<body onload=alert(10) data-xss>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(11) data-xss>",
    "<style data-xss>*{display:none}</style>",
    "<video><source onerror=alert(12) data-xss></video>",
    "<b data-xss>bold</b> and <i data-xss>italic</i>",
    "&lt;img src=x onerror=alert(13)&gt; already escaped",
    "<!--<img src=x data-xss>-->",
    "<input autofocus onfocus=alert(14) data-xss>",
    "<marquee data-xss>moving</marquee>",
]

INSPECT = """(selector) => Array.from(document.querySelectorAll(selector)).map((box) => ({
  elements: Array.from(box.querySelectorAll("*")).map((node) => node.tagName.toLowerCase()),
  text: box.textContent,
  injected: document.querySelectorAll("[data-xss]").length,
}))"""


@pytest.fixture
def page(page):
    # Map tiles come from the internet: answer them empty so pages load at once.
    def tiles(route):
        if "tile" in route.request.url:
            route.fulfill(status=204)
        else:
            route.continue_()

    page.route("**/*.png", tiles)
    return page


@pytest.fixture
def payload_proposals(live_server, transactional_db):
    process = ProcessFactory()
    PhaseFactory(process=process)
    proposals = [
        ProposalFactory(
            process=process,
            title=payload,
            latitude=f"{50.60 + (n // 5) * 0.01:.6f}",
            longitude=f"{3.00 + (n % 5) * 0.01:.6f}",
        )
        for n, payload in enumerate(PAYLOADS)
    ]
    return process, proposals


def test_tooltips_on_proposal_pages_are_text(page, payload_proposals):
    process, proposals = payload_proposals
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for proposal in proposals:
        page.visit(f"/en/processes/{process.slug}/proposals/{proposal.pk}/")
        page.locator(".js-proposal-map path.leaflet-interactive").hover()
        page.locator(".leaflet-tooltip").wait_for()
        (seen,) = page.evaluate(INSPECT, ".leaflet-tooltip")
        assert seen["elements"] == ["span"], (proposal.title, seen)
        assert seen["text"] == proposal.title
        assert seen["injected"] == 0, proposal.title
    assert dialogs == []
    assert page.evaluate("window.__xss") is None
    page.assert_clean()


def test_popups_on_the_list_map_are_text(page, payload_proposals):
    process, proposals = payload_proposals
    page.visit(f"/en/processes/{process.slug}/proposals/?view=map")
    markers = page.locator(".js-proposal-map path.leaflet-interactive")
    assert markers.count() == len(PAYLOADS)
    titles = {proposal.title for proposal in Proposal.objects.filter(process=process)}
    seen_titles = set()
    for index in range(markers.count()):
        # A click through the DOM: popups already open must not cover the next marker.
        markers.nth(index).dispatch_event("click")
        page.locator(".leaflet-popup-content").first.wait_for()
        # The previous popup may still be fading out: check every one present.
        for seen in page.evaluate(INSPECT, ".leaflet-popup-content"):
            assert seen["elements"] == ["a"], seen
            assert seen["injected"] == 0
            seen_titles.add(seen["text"])
    assert seen_titles == titles
    page.assert_clean()
