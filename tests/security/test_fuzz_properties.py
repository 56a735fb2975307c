"""Section 8 (b), property-based: Hypothesis generates the values of the parameters that views parse themselves
(ids in forms, `next`, filters, nicknames in the path), on the endpoints where bad input used to reach a 500."""

from urllib.parse import quote

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.proposals.models import Proposal

from .counts import count
from .test_fuzz import BAD_VALUES, quiet_request_log
from .world import build_world

pytestmark = pytest.mark.django_db

# Any text (NUL, unicode digits, right-to-left marks...), numbers of any size, and the hand-picked bad values.
VALUES = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(BAD_VALUES),
)
EXAMPLES = settings(
    max_examples=20, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    for name in ("COMMENT_RATE_LIMIT", "CONTACT_RATE_LIMIT", "PROPOSAL_CREATE_RATE_LIMIT", "SUPPORT_RATE_LIMIT"):
        setattr(settings, name, "100000/60")


def no_server_error(client, method, url, data=None):
    with quiet_request_log():
        response = getattr(client, method)(url, data or {})
    count("fuzz: requests")
    count("fuzz: property-based requests")
    if response.status_code >= 500:
        count("fuzz: 5xx")
    assert response.status_code < 500, (method, url, data)


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def participant(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.author)
    return client


def test_comment_forms(world, participant):
    content_type = ContentType.objects.get_for_model(Proposal).pk
    url = f"/en/comments/{content_type}/{world.others_published.pk}/new/"

    @EXAMPLES
    @given(parent=VALUES, body=VALUES, opinion=VALUES, page=VALUES)
    def check(parent, body, opinion, page):
        no_server_error(participant, "get", url, {"parent": parent, "page": page})
        no_server_error(participant, "post", url, {"parent": parent, "body": body, "opinion": opinion})
        no_server_error(participant, "post", f"/en/comments/{world.comment.pk}/vote/", {"value": body})

    check()


def test_attachment_removal_and_wizard(world, participant):
    base = f"/en/processes/{world.process.slug}/proposals"

    @EXAMPLES
    @given(attachment=VALUES, action=st.sampled_from(["remove", "upload", "save", ""]) | VALUES)
    def check(attachment, action):
        data = {"action": action, "attachment": attachment}
        no_server_error(participant, "post", f"{base}/{world.draft.pk}/draft/3/", data)
        no_server_error(participant, "post", f"{base}/{world.published.pk}/edit/", data)

    check()


def test_next_and_follow_targets(world, participant):
    @EXAMPLES
    @given(next_url=VALUES, content_type=VALUES, object_id=VALUES)
    def check(next_url, content_type, object_id):
        target = {"content_type": content_type, "object_id": object_id, "next": next_url}
        no_server_error(participant, "post", "/en/follow/", target)
        no_server_error(participant, "post", "/en/unfollow/", target)
        no_server_error(participant, "post", f"/en/proposals/{world.others_published.pk}/support/", {"next": next_url})
        no_server_error(participant, "post", "/en/notifications/read-all/", {"next": next_url})

    check()


def test_list_filters_and_profile_paths(world):
    client = Client(raise_request_exception=False)
    url = f"/en/processes/{world.process.slug}/proposals/"

    @EXAMPLES
    @given(q=VALUES, order=VALUES, page=VALUES, theme=VALUES, view=st.sampled_from(["map", "list"]) | VALUES)
    def check(q, order, page, theme, view):
        no_server_error(client, "get", url, {"q": q, "order": order, "page": page, "theme": theme, "view": view})
        no_server_error(client, "get", f"/en/u/{quote(q, safe='')}/")

    check()
