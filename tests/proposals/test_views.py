import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from apps.proposals.models import Proposal, proposal_settings_for
from apps.proposals.selectors import Sort
from apps.spaces.phases import PhaseKind
from tests.factories import CategoryFactory, ProposalFactory, SupportFactory, ThemeFactory, UserFactory
from tests.helpers import png_bytes

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def url(name, process, **kwargs):
    return reverse(f"proposals:{name}", kwargs={"slug": process.slug, **kwargs})


def url_en(name, process, **kwargs):
    """The English page (/en/...), for tests that read its messages."""
    with translation.override("en"):
        return url(name, process, **kwargs)


def english_url(obj):
    with translation.override("en"):
        return obj.get_absolute_url()


def wizard(process, proposal, step):
    return url("wizard", process, pk=proposal.pk, step=step)


def content(response):
    return response.content.decode()


# --- the wizard --------------------------------------------------------------------------------------------------


def test_whole_wizard(citizen_client, citizen, process, category):
    response = citizen_client.get(url("create", process))
    assert response.status_code == 200
    assert 'data-testid="wizard-step-1"' in content(response)

    response = citizen_client.post(
        url("create", process), {"title": "Des bancs le long du canal", "body": "Pour se reposer.", "website": ""}
    )
    draft = Proposal.objects.get()
    assert draft.status == "draft"
    assert response.url == wizard(process, draft, 2)

    response = citizen_client.get(wizard(process, draft, 2))
    assert 'data-testid="wizard-step-2"' in content(response)
    response = citizen_client.post(wizard(process, draft, 2))
    assert response.url == wizard(process, draft, 3)

    response = citizen_client.post(
        wizard(process, draft, 3),
        {"category": category.pk, "address": "Quai du canal", "latitude": "50.631200", "longitude": "3.058800",
         "action": "next"},
    )
    assert response.url == wizard(process, draft, 4)
    draft.refresh_from_db()
    assert (draft.category, draft.address, str(draft.latitude)) == (category, "Quai du canal", "50.631200")

    response = citizen_client.get(wizard(process, draft, 4))
    assert "Des bancs le long du canal" in content(response)
    response = citizen_client.post(wizard(process, draft, 4))
    draft.refresh_from_db()
    assert draft.status == "published"
    assert response.url == draft.get_absolute_url()
    page = content(citizen_client.get(response.url))
    assert draft.reference in page
    assert "Your proposal has been published" in page or "publiée" in page


def test_wizard_step_1_errors_next_to_fields_and_nothing_lost(citizen_client, process):
    proposal_settings_for(process).proposal_body_max_length = 30
    proposal_settings_for(process).proposal_title_help = "Un titre court et parlant."
    proposal_settings_for(process).save()
    response = citizen_client.get(url("create", process))
    assert "Un titre court et parlant." in content(response)
    response = citizen_client.post(url("create", process), {"title": "Trop court", "body": "x" * 31})
    assert response.status_code == 200
    html = content(response)
    assert not Proposal.objects.exists()
    assert re.search(r'id="error_1_id_title"', html)
    assert re.search(r'id="error_1_id_body"', html)
    assert 'value="Trop court"' in html
    assert "x" * 31 in html


def test_honeypot_creates_nothing(citizen_client, process):
    response = citizen_client.post(
        url("create", process), {"title": "Des bancs le long du canal", "body": "Bancs.", "website": "spam.example"}
    )
    assert response.status_code == 302
    assert not Proposal.objects.exists()


def test_creation_rate_limited(citizen_client, process, settings):
    settings.PROPOSAL_CREATE_RATE_LIMIT = "2/3600"
    data = {"title": "Des bancs le long du canal", "body": "Bancs."}
    for _ in range(2):
        assert citizen_client.post(url_en("create", process), data).status_code == 302
    response = citizen_client.post(url_en("create", process), data)
    assert response.status_code == 200
    assert "many proposals in a short time" in content(response)
    assert Proposal.objects.count() == 2


def test_anonymous_is_sent_to_sign_in(client, process):
    response = client.get(url("create", process))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_creation_refused_with_sentence_when_limit_reached(citizen_client, citizen, process):
    proposal_settings_for(process).proposals_per_user = 1
    proposal_settings_for(process).save()
    ProposalFactory(process=process, author=citizen)
    response = citizen_client.get(url_en("create", process))
    assert response.status_code == 403
    assert "maximum allowed per participant" in content(response)


def test_draft_resumed(citizen_client, draft, process):
    response = citizen_client.get(url("create", process))
    assert 'data-testid="resume-drafts"' in content(response)
    assert wizard(process, draft, draft.wizard_step) in content(response)
    # The process page offers the draft too.
    response = citizen_client.get(reverse("spaces:process_detail", kwargs={"slug": process.slug}))
    assert wizard(process, draft, draft.wizard_step) in content(response)
    # Step 1 of the draft is pre-filled.
    response = citizen_client.get(wizard(process, draft, 1))
    assert f'value="{draft.title}"' in content(response)


def test_wizard_cannot_skip_ahead(citizen_client, draft, process):
    response = citizen_client.get(wizard(process, draft, 4))
    assert response.url == wizard(process, draft, 3)


def test_wizard_is_only_for_the_author(client, draft, process):
    client.force_login(UserFactory())
    assert client.get(wizard(process, draft, 1)).status_code == 404


def test_similar_step_lists_similar_published_proposals(citizen_client, process, citizen):
    similar = ProposalFactory(process=process, title="Installer des bancs le long du canal", body="Des bancs.")
    draft = ProposalFactory(
        process=process, author=citizen, status="draft", published_at=None, reference=None, wizard_step=2,
        title="Des bancs publics au bord du canal", body="Pour se reposer sur des bancs.",
    )
    html = content(citizen_client.get(wizard(process, draft, 2)))
    assert 'data-testid="similar-proposals"' in html
    assert similar.title in html
    assert 'data-testid="support-box"' in html or "support" in html


def test_details_step_errors_keep_values(citizen_client, process, draft, category):
    response = citizen_client.post(
        wizard(process, draft, 3), {"category": "", "address": "Place du marché", "latitude": "50.63", "action": "next"}
    )
    assert response.status_code == 200
    html = content(response)
    assert 'id="error_1_id_category"' in html
    assert 'id="error_1_id_latitude"' in html
    assert 'value="Place du marché"' in html


def test_details_step_upload_and_remove_attachment(citizen_client, process, draft, category):
    upload = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    response = citizen_client.post(
        wizard(process, draft, 3), {"category": category.pk, "attachment": upload, "action": "upload"}
    )
    assert response.url == wizard(process, draft, 3)
    attachment = draft.attachments.get()
    assert attachment.kind == "image"
    html = content(citizen_client.get(wizard(process, draft, 3)))
    assert f'form="remove-attachment-{attachment.pk}"' in html
    response = citizen_client.post(wizard(process, draft, 3), {"action": "remove", "attachment": attachment.pk})
    assert response.url == wizard(process, draft, 3)
    assert not draft.attachments.exists()


def test_details_step_bad_file_error_next_to_field(citizen_client, process, draft, category):
    upload = SimpleUploadedFile("virus.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    response = citizen_client.post(
        wizard(process, draft, 3), {"category": category.pk, "address": "Rue haute", "attachment": upload,
                                    "action": "next"}
    )
    assert response.status_code == 200
    html = content(response)
    assert 'id="error_1_id_attachment"' in html
    assert 'value="Rue haute"' in html
    assert not draft.attachments.exists()


def test_publish_refused_at_limit_shows_sentence(citizen_client, citizen, process, draft):
    proposal_settings_for(process).proposals_per_user = 1
    proposal_settings_for(process).save()
    draft.wizard_step = 4
    draft.save()
    ProposalFactory(process=process, author=citizen)
    response = citizen_client.post(wizard(process, draft, 4))
    assert response.status_code == 200
    assert 'data-testid="publish-refusal"' in content(response)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_delete_draft(citizen_client, process, draft):
    response = citizen_client.post(url("delete", process, pk=draft.pk), {"confirm": "on"})
    assert response.status_code == 302
    assert not Proposal.objects.filter(pk=draft.pk).exists()


def test_published_proposal_cannot_be_deleted(citizen_client, process, published):
    response = citizen_client.post(url("delete", process, pk=published.pk), {"confirm": "on"})
    assert response.status_code == 403
    assert Proposal.objects.filter(pk=published.pk).exists()


# --- edit, withdraw ----------------------------------------------------------------------------------------------


def test_edit_page(citizen_client, process, published, category):
    response = citizen_client.get(url("edit", process, pk=published.pk))
    assert response.status_code == 200
    response = citizen_client.post(
        url("edit", process, pk=published.pk),
        {"title": "Un nouveau titre plus précis", "body": "Texte revu.", "category": category.pk, "action": "save"},
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.title == "Un nouveau titre plus précis"


def test_edit_page_refused_after_window(citizen_client, process, published):
    later = published.published_at + timedelta(minutes=30)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = citizen_client.get(url_en("edit", process, pk=published.pk))
        assert response.status_code == 403
        assert "editing window has ended" in content(response)
        detail = content(citizen_client.get(published.get_absolute_url()))
    assert 'data-testid="edit-refusal"' in detail


def test_edit_refused_once_supported(citizen_client, process, published):
    SupportFactory.create_batch(2, proposal=published)  # other people's supports
    published.support_count = 2
    published.save()
    response = citizen_client.get(url_en("edit", process, pk=published.pk))
    assert response.status_code == 403
    assert "it already has supports" in content(response)


def test_withdraw_needs_confirmation(citizen_client, process, published):
    response = citizen_client.post(url("withdraw", process, pk=published.pk), {})
    assert response.status_code == 200
    published.refresh_from_db()
    assert published.status == "published"
    response = citizen_client.post(url("withdraw", process, pk=published.pk), {"confirm": "on"})
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == "withdrawn"
    html = content(citizen_client.get(published.get_absolute_url()))
    assert 'data-testid="badge-withdrawn"' in html
    list_html = content(citizen_client.get(url("list", process)))
    assert published.title in list_html and 'data-testid="badge-withdrawn"' in list_html


def test_withdraw_refused_for_others(client, process, published):
    client.force_login(UserFactory())
    assert client.post(url("withdraw", process, pk=published.pk), {"confirm": "on"}).status_code == 403


# --- detail, embed -----------------------------------------------------------------------------------------------


def test_detail_page(client, process, published):
    html = content(client.get(published.get_absolute_url()))
    assert published.title in html
    assert published.reference in html
    assert reverse("accounts:profile", args=[published.author.nickname]) in html
    assert "twitter.com/intent/tweet" in html and "facebook.com/sharer" in html
    assert "linkedin.com/sharing" in html and "wa.me" in html and "mailto:" in html
    assert "&lt;iframe" in html and url("embed", process, pk=published.pk) in html
    assert 'data-testid="proposal-answer"' not in html


def test_detail_page_sends_the_actions_before_the_files_and_comments(client, process, published):
    # A phone paints the page before the whole of it has arrived: the actions it shows under the text must come
    # before the rest in the source, or their late arrival pushes the rest down (Lighthouse's layout shift).
    html = content(client.get(published.get_absolute_url()))
    main, side, more = (html.index(f'class="{area}') for area in ("proposal-main", "proposal-side", "proposal-more"))
    assert main < side < more


def test_detail_deleted_author_and_official_badge(client, process):
    deleted = UserFactory(deleted_at=timezone.now(), display_name="Ancien nom")
    proposal = ProposalFactory(process=process, author=deleted)
    html = content(client.get(english_url(proposal)))
    assert "Deleted participant" in html
    assert "Ancien nom" not in html
    official = ProposalFactory(process=process, is_official=True)
    assert 'data-testid="badge-official"' in content(client.get(official.get_absolute_url()))


def test_detail_map_uses_json_script(client, process):
    proposal = ProposalFactory(process=process, latitude="50.630000", longitude="3.060000")
    html = content(client.get(proposal.get_absolute_url()))
    assert '<script id="proposal-point" type="application/json">' in html


def test_drafts_are_invisible_to_others(client, process, draft):
    assert client.get(url("detail", process, pk=draft.pk)).status_code == 404
    assert client.get(url("embed", process, pk=draft.pk)).status_code == 404


def test_embed_is_frameable(client, process, published):
    response = client.get(url("embed", process, pk=published.pk))
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors *" in response.headers.get("Content-Security-Policy", "")
    assert 'class="navbar' not in content(response)
    detail = client.get(published.get_absolute_url())
    assert detail.headers.get("X-Frame-Options") == "DENY"


@pytest.mark.parametrize("page", ["list", "detail", "embed"])
def test_xss_payloads_are_inert(client, process, page):
    proposal = ProposalFactory(process=process, title=f"Titre dangereux {XSS}", body=f"Corps {XSS}\nsuite")
    target = url("list", process) if page == "list" else url(page, process, pk=proposal.pk)
    html = content(client.get(target))
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


# --- list --------------------------------------------------------------------------------------------------------


def test_list_filters(citizen_client, citizen, process):
    parent = CategoryFactory(process=process, name="Sport")
    child = CategoryFactory(process=process, name="Équipements", parent=parent)
    theme = ThemeFactory(process=process, title="Mobilités")
    themed_category = CategoryFactory(process=process, name="Vélo", theme=theme)
    a = ProposalFactory(process=process, category=parent, title="Un terrain de basket neuf")
    b = ProposalFactory(process=process, category=child, title="Des vestiaires rénovés")
    c = ProposalFactory(process=process, category=themed_category, author=citizen, title="Une piste cyclable")
    d = ProposalFactory(process=process, theme=theme, status="withdrawn", title="Un parking vélos")

    def titles(**params):
        html = content(citizen_client.get(url("list", process), params))
        return {p.title for p in (a, b, c, d) if p.title in html}

    assert titles() == {a.title, b.title, c.title, d.title}
    assert titles(category=parent.pk) == {a.title, b.title}
    assert titles(category=child.pk) == {b.title}
    assert titles(theme=theme.pk) == {c.title, d.title}
    assert titles(status="withdrawn") == {d.title}
    assert titles(q="basket") == {a.title}
    assert titles(q=b.reference) == {b.title}
    assert titles(mine="on") == {c.title}
    SupportFactory(user=citizen, proposal=b)
    assert titles(supported="on") == {b.title}


def test_list_sorts(client, process):
    low = ProposalFactory(process=process, support_count=1, comment_count=9, title="Peu soutenue beaucoup commentée")
    high = ProposalFactory(process=process, support_count=8, comment_count=0, title="Très soutenue peu commentée")
    html = content(client.get(url("list", process), {"order": "supports"}))
    assert html.index(high.title) < html.index(low.title)
    html = content(client.get(url("list", process), {"order": "comments"}))
    assert html.index(low.title) < html.index(high.title)
    html = content(client.get(url("list", process), {"order": "recent"}))
    assert html.index(high.title) < html.index(low.title)


def test_list_pagination_keeps_filters(client, process):
    category = CategoryFactory(process=process)
    ProposalFactory.create_batch(25, process=process, category=category)
    ProposalFactory.create_batch(3, process=process)
    response = client.get(url("list", process), {"category": category.pk, "order": "recent"})
    html = content(response)
    assert html.count('data-testid="proposal-card"') == 20
    assert f"?category={category.pk}&amp;order=recent&amp;page=2" in html
    page2 = content(client.get(url("list", process), {"category": category.pk, "order": "recent", "page": 2}))
    assert page2.count('data-testid="proposal-card"') == 5


def _random_titles(client, process, query=None):
    html = content(client.get(url("list", process), query))
    return re.findall(r'data-testid="proposal-card">.*?<h2[^>]*><a href="[^"]+">([^<]+)</a>', html, re.S)


def test_random_sort_stable_for_a_visitor_and_different_for_another(client, process, django_user_model):
    """An anonymous visitor gets one of the day's few orders and keeps it through the page's links (?seed=); a
    signed-in visitor starts at their own point of the proposals' random keys (2 x 20 orders for 20 proposals), so
    two visitors may share an order by chance: several are compared."""
    from django.test import Client

    ProposalFactory.create_batch(20, process=process)
    html = content(client.get(url("list", process)))
    seed = {"seed": re.search(r'name="seed" value="([0-9])"', html).group(1)}
    first = _random_titles(client, process, seed)
    assert len(first) == 20
    assert _random_titles(client, process, seed) == first
    others = []
    for _ in range(4):
        other_client = Client()
        other_client.force_login(UserFactory())
        others.append(other_client)
    today = [_random_titles(other, process) for other in others]
    assert all(_random_titles(other, process) == order for other, order in zip(others, today, strict=True))
    assert any(order != first for order in today)
    tomorrow = timezone.now() + timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        later = [_random_titles(client, process, seed), *(_random_titles(other, process) for other in others)]
    assert any(order != before for order, before in zip(later, [first, *today], strict=True))


def test_map_view(client, process):
    ProposalFactory(process=process, latitude="50.630000", longitude="3.060000", title="Sur la carte")
    ProposalFactory(process=process, title="Sans point")
    html = content(client.get(url("list", process), {"view": "map"}))
    assert '<script id="proposal-map-data" type="application/json">' in html
    data = html.split('<script id="proposal-map-data" type="application/json">')[1].split("</script>")[0]
    assert "Sur la carte" in data and "Sans point" not in data


@pytest.mark.parametrize("signed_in", [False, True])
def test_list_query_count_does_not_grow(client, process, django_assert_max_num_queries, signed_in):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    category = CategoryFactory(process=process)
    user = UserFactory()
    if signed_in:
        client.force_login(user)
    ProposalFactory.create_batch(10, process=process, category=category)
    client.get(url("list", process))  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url("list", process)).status_code == 200
    ProposalFactory.create_batch(190, process=process, category=category)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("list", process), {"order": "supports"})
    assert content(response).count('data-testid="proposal-card"') == 20
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url("list", process))


def test_process_page_offers_anonymous_visitors_to_sign_in_only_while_proposals_are_open(client, process):
    detail = reverse("spaces:process_detail", kwargs={"slug": process.slug})
    sign_in = f'{reverse("account_login")}?next={url("create", process)}'
    assert sign_in in content(client.get(detail))
    process.phases.update(kind=PhaseKind.SUPPORTS)
    html = content(client.get(detail))
    assert 'data-testid="submit-refusal"' in html
    assert sign_in not in html


def test_sort_menu_offers_every_order_and_falls_back_to_random(client, process):
    ProposalFactory(process=process)
    response = client.get(url("list", process), {"order": "bogus"})
    assert response.context["sort"] == Sort.RANDOM
    html = content(response)
    options = re.findall(r'<option value="(random|supports|comments|recent)"', html)
    assert options == Sort.values
    assert '<option value="random" selected>' in html
    assert content(client.get(url("list", process), {"order": "recent"})).count('<option value="recent" selected>') == 1


def test_process_page_actions(client, citizen, process):
    ProposalFactory.create_batch(3, process=process)
    html = content(client.get(reverse("spaces:process_detail", kwargs={"slug": process.slug})))
    assert "Sign in to submit a proposal" in html or "Connectez-vous" in html
    assert 'data-testid="see-proposals"' in html and "3" in html
    client.force_login(citizen)
    html = content(client.get(reverse("spaces:process_detail", kwargs={"slug": process.slug})))
    assert 'data-testid="submit-proposal"' in html
