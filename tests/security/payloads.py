"""The XSS corpus and the checker that decides whether a payload came out live.

Each payload carries a marker `XSSnn`. A payload is live when the parsed HTML holds an element, an attribute or a
script that the payload created: an event handler mentioning a marker, a marker in an attribute that is not plain
text (id, href, hx-*...), a `javascript:` URL, or a marker inside a script or style element. Escaped payloads only
ever appear as text or inside text attributes (alt, title, value...), which the checker allows. JSON given to
scripts (`json_script`) must parse and hold no raw `<`.
"""

import json
import re
from html.parser import HTMLParser

PAYLOADS = [
    "<script>alert('XSS01')</script>",
    "<img src=x onerror=alert('XSS02') id=XSS02>",
    "<svg onload=alert('XSS03') id=XSS03>",
    "<svg><script>alert('XSS04')</script></svg>",
    '"><script>alert(\'XSS05\')</script>',
    "'><img src=x onerror=alert('XSS06') id=XSS06>",
    '" onmouseover="alert(\'XSS07\')" data-x="XSS07',
    "' onfocus='alert(`XSS08`)' autofocus x='",
    "<a href=\"javascript:alert('XSS09')\" id=XSS09>click</a>",
    '<a href="JaVaScRiPt:alert(\'XSS10\')" id="XSS10">x</a>',
    "<iframe src=\"javascript:alert('XSS11')\" id=XSS11></iframe>",
    "<body onload=alert('XSS12')>",
    "<details open ontoggle=alert('XSS13') id=XSS13>",
    "<object data=\"javascript:alert('XSS14')\" id=XSS14></object>",
    "<embed src=\"data:text/html,<script>alert('XSS15')</script>\" id=XSS15>",
    "<math><mtext><style><img src=x onerror=alert('XSS16')></style></mtext></math>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('XSS17')\" id=XSS17>",
    "<base href=\"javascript:alert('XSS18')//\" id=XSS18>",
    "<form action=\"javascript:alert('XSS19')\" id=XSS19><button>go</button></form>",
    "<input autofocus onfocus=alert('XSS20') id=XSS20>",
    '<div hx-get="/fr/me/delete/" hx-trigger="load" id="XSS21">x</div>',
    "</textarea><script>alert('XSS22')</script>",
    "</title><script>alert('XSS23')</script>",
    "<style>@import 'https://evil.example/XSS24.css';</style>",
    "<img src=\"x` `<script>alert('XSS25')</script>\"` `>",
    "&lt;script&gt;alert('XSS26')&lt;/script&gt;",
    "<scr<script>ipt>alert('XSS27')</scr</script>ipt>",
    "\\u003cscript\\u003ealert('XSS28')\\u003c/script\\u003e",
    "</script><script>alert('XSS29')</script>",
    "<svg><a xlink:href=\"javascript:alert('XSS30')\" id=\"XSS30\"><text x=\"2\" y=\"2\">t</text></a></svg>",
    "@admin<img src=x onerror=alert('XSS31') id=XSS31>",
    "javascript:alert('XSS32')",
    "<marquee onstart=alert('XSS33') id=XSS33>",
    "<a href=# onclick=\"alert('XSS34')\" id=XSS34>x</a>",
]

MARKER = re.compile(r"xss\d\d", re.IGNORECASE)
# Attributes whose value is shown as text: an escaped payload legitimately lands there.
TEXT_ATTRIBUTES = {"alt", "title", "value", "content", "placeholder", "aria-label", "data-title", "data-text"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


class LiveMarkupFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.json_blocks = []
        self._raw = None  # (tag, type) while inside <script>/<style>

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if MARKER.search(name):
                self.problems.append(f"<{tag}> attribute name {name!r}")
            elif name.startswith("on") and MARKER.search(value):
                self.problems.append(f"<{tag} {name}={value!r}>")
            elif name in URL_ATTRIBUTES and value.strip().lower().replace("\x00", "").startswith(BAD_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}>")
            elif MARKER.search(value) and name not in TEXT_ATTRIBUTES and name not in URL_ATTRIBUTES:
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in ("script", "style"):
            self._raw = (tag, dict(attrs).get("type") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._raw = None

    def handle_data(self, data):
        if self._raw is None:
            return
        tag, kind = self._raw
        if tag == "script" and kind == "application/json":
            self.json_blocks.append(data)
        elif MARKER.search(data):
            self.problems.append(f"<{tag}> holds {data[:80]!r}")


def live_markup(html):
    """The list of live payload traces in `html` (empty when everything was escaped)."""
    finder = LiveMarkupFinder()
    finder.feed(html)
    finder.close()
    for block in finder.json_blocks:
        if "<" in block:
            finder.problems.append(f"raw '<' in JSON for scripts: {block[:80]!r}")
        try:
            json.loads(block)
        except ValueError:
            finder.problems.append(f"JSON for scripts does not parse: {block[:80]!r}")
    return finder.problems


def json_blocks(html):
    finder = LiveMarkupFinder()
    finder.feed(html)
    return [json.loads(block) for block in finder.json_blocks]
