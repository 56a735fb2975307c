"""Pages that lead somewhere (issue 12, section 5): theme pages list their proposals and offer to propose in the
theme, chips link to the filtered list, cards show pictures, the process list filters by state, the home hero
has calls to action, no "See 0 proposals", and dates read the same way everywhere in each language."""

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.core.demo_images import picture
from apps.proposals.attachments import attachment_add
from apps.proposals.models import Proposal
from apps.spaces.phases import PhaseKind
from tests.factories import (
    CategoryFactory,
    PhaseFactory,
    ProcessFactory,
    ProposalFactory,
    ThemeFactory,
    UserFactory,
)
from tests.helpers import png_bytes

pytestmark = pytest.mark.django_db


def theme_url(theme, language="en"):
    return f"/{language}/processes/{theme.process.slug}/themes/{theme.slug}/"


def test_a_theme_page_lists_its_proposals_with_the_lists_sorts(client, process):
    theme = ThemeFactory(
        process=process, summary_en="Walking and cycling.", description_en="<p>Walking and cycling.</p>"
    )
    category = CategoryFactory(process=process, theme=theme)
    in_theme = ProposalFactory(process=process, theme=theme, title="Des pistes cyclables partout")
    by_category = ProposalFactory(process=process, category=category, title="Un parking vélo à la gare")
    elsewhere = ProposalFactory(process=process, title="Un festival de musique au parc")
    html = client.get(theme_url(theme) + "?order=recent").content.decode()
    section = html[html.index('data-testid="theme-proposals"'):]
    assert in_theme.title in section and by_category.title in section and elsewhere.title not in section
    assert "2 proposals in this theme" in section
    assert section.index(by_category.title) < section.index(in_theme.title)  # newest first
    assert '<option value="recent" selected>' in section
    # The info page only repeated the summary: it is shown once.
    assert html.count("Walking and cycling.") == 3  # the lead, the description and Open Graph meta tags
    assert 'data-testid="theme-description"' not in html


def test_propose_in_this_theme_when_the_phase_allows_it(client, process):
    theme = ThemeFactory(process=process)
    client.force_login(UserFactory())
    html = client.get(theme_url(theme)).content.decode()
    assert f'/en/processes/{process.slug}/proposals/new/?theme={theme.slug}' in html
    # The idea started from there keeps the theme.
    client.post(
        f"/en/processes/{process.slug}/proposals/new/?theme={theme.slug}",
        {"title": "Des bancs le long du canal pour se reposer", "body": "Des bancs tous les deux cents mètres."},
    )
    draft = Proposal.objects.get(status=Proposal.Status.DRAFT)
    assert draft.theme == theme


def test_no_propose_button_outside_the_proposals_phase(client):
    process = ProcessFactory()
    PhaseFactory(process=process, kind=PhaseKind.VOTING)
    theme = ThemeFactory(process=process)
    client.force_login(UserFactory())
    assert 'data-testid="propose-in-theme"' not in client.get(theme_url(theme)).content.decode()


def test_category_chips_link_to_the_filtered_list(client, process):
    parent = CategoryFactory(process=process, name_en="Sport")
    child = CategoryFactory(process=process, parent=parent, name_en="Outdoor sport")
    html = client.get(f"/en/processes/{process.slug}/").content.decode()
    chips = html[html.index('data-testid="category-chips"'):]
    assert f'href="/en/processes/{process.slug}/proposals/?category={parent.pk}"' in chips
    assert f'href="/en/processes/{process.slug}/proposals/?category={child.pk}"' in chips


def test_cards_show_the_first_photo_lazily_and_sized(client, process, django_assert_max_num_queries):
    author = UserFactory()
    proposals = [ProposalFactory(process=process, author=author) for _ in range(3)]
    for proposal in proposals[:2]:
        upload = SimpleUploadedFile("p.png", png_bytes((300, 200)), content_type="image/png")
        attachment_add(proposal=proposal, uploaded_file=upload, user=author)
    html = client.get(f"/en/processes/{process.slug}/proposals/").content.decode()
    thumbs = re.findall(r'<img class="card-img-top proposal-thumb"[^>]*>', html)
    assert len(thumbs) == 2
    assert all('loading="lazy"' in t and 'width="480"' in t and 'height="270"' in t and 'alt=""' in t for t in thumbs)
    # One query for the page's pictures, whatever the number of cards. (Newest first: the random order reads its
    # walk in one or two queries depending on where the visitor's walk starts.)
    with django_assert_max_num_queries(30) as first:
        client.get(f"/en/processes/{process.slug}/proposals/?order=recent")
    for _ in range(5):
        ProposalFactory(process=process, author=author)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(f"/en/processes/{process.slug}/proposals/?order=recent")


def test_process_cards_show_their_hero_image(client):
    process = ProcessFactory()
    process.hero_image.save("hero.jpg", picture("t"), save=True)
    html = client.get("/en/processes/").content.decode()
    image = r'<img class="card-img-top process-thumb" src="/media/processes/[^"]+" alt=""[^>]*loading="lazy"'
    assert re.search(image, html)


def test_the_process_list_filters_open_upcoming_and_finished():
    today = timezone.localdate()
    ProcessFactory(title_en="Now", start_date=today - timedelta(days=3), end_date=today + timedelta(days=3))
    ProcessFactory(title_en="Later", start_date=today + timedelta(days=10), end_date=today + timedelta(days=40))
    ProcessFactory(title_en="Before", start_date=today - timedelta(days=90), end_date=today - timedelta(days=10))
    from django.test import Client

    client = Client()

    def titles(query=""):
        html = client.get("/en/processes/" + query).content.decode()
        return set(re.findall(r'card-title"><a href="[^"]+">([^<]+)</a>', html))

    assert titles() == {"Now", "Later", "Before"}
    assert titles("?state=open") == {"Now"}
    assert titles("?state=upcoming") == {"Later"}
    assert titles("?state=finished") == {"Before"}
    assert titles("?state=nonsense") == {"Now", "Later", "Before"}
    assert 'aria-current="page">Upcoming<' in client.get("/en/processes/?state=upcoming").content.decode()


def test_the_home_hero_leads_to_the_process_collecting_ideas(client, process):
    html = client.get("/en/").content.decode()
    hero = html[: html.index("figures-title")]
    assert f'href="/en/processes/{process.slug}/proposals/new/"' in hero and "Submit an idea" in hero
    assert f'href="/en/processes/{process.slug}/proposals/"' in hero and "See the proposals" in hero


def test_no_hero_call_to_action_without_a_process_collecting_ideas(client):
    process = ProcessFactory()
    PhaseFactory(process=process, kind=PhaseKind.VOTING)
    assert 'data-testid="hero-actions"' not in client.get("/en/").content.decode()


def test_see_zero_proposals_never_shows(client, process):
    html = client.get(f"/en/processes/{process.slug}/").content.decode()
    assert 'data-testid="see-proposals"' not in html and "See the 0 proposals" not in html
    ProposalFactory(process=process)
    assert "See the 1 proposal" in client.get(f"/en/processes/{process.slug}/").content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "21 décembre 2026"), ("en", "21 December 2026"), ("es", "21 de diciembre de 2026")],
)
def test_dates_read_the_same_on_cards_and_pages_in_each_language(client, language, expected):
    process = ProcessFactory(start_date=date(2026, 12, 21), end_date=date(2027, 6, 1))
    PhaseFactory(process=process, start_date=date(2026, 12, 21), end_date=date(2027, 6, 1))
    published = timezone.make_aware(timezone.datetime(2026, 12, 21, 12, 0))
    proposal = ProposalFactory(process=process, published_at=published)
    card = client.get(f"/{language}/processes/{process.slug}/proposals/").content.decode()
    page = client.get(f"/{language}/processes/{process.slug}/proposals/{proposal.pk}/").content.decode()
    process_page = client.get(f"/{language}/processes/{process.slug}/").content.decode()
    for html in (card, page, process_page):
        assert expected in html, language


def test_a_theme_page_says_how_many_supports_are_left_and_keeps_its_buttons_in_step(client, process):
    from apps.supports.models import support_settings_for
    from tests.factories import SupportFactory

    settings = support_settings_for(process)
    settings.supports_per_user = 3
    settings.save()
    theme = ThemeFactory(process=process)
    ProposalFactory(process=process, theme=theme)
    resident = UserFactory()
    SupportFactory(user=resident, proposal=ProposalFactory(process=process))
    client.force_login(resident)
    html = client.get(theme_url(theme)).content.decode()
    section = html[html.index('data-testid="theme-proposals"'):]
    assert 'data-testid="supports-left"' in section and 'data-left="2"' in section
    assert "2 supports left" in section
    assert "/static/js/supports.js" in html  # updates the counter and the other buttons after an htmx support
