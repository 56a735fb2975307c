"""Machine translation (issue 15 §3): texts are translated in the background when saved, once per text and
language, by the provider set in the environment; pages offer "Show translation" / "Show original"."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from apps.comments.models import Comment
from apps.comments.services import comment_create, comment_delete, comment_edit
from apps.machine_translation.models import MachineTranslation
from apps.machine_translation.providers import DeepL, LibreTranslate, ProviderError
from apps.machine_translation.selectors import translation_for, translations_for
from apps.machine_translation.services import content_translate, translations_request
from apps.proposals.services import proposal_update
from tests.events.factories import EventFactory
from tests.factories import ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

FRENCH = "Des bancs le long du canal pour se reposer."
ENGLISH = "Benches along the canal for the walkers."


def rows(obj):
    return MachineTranslation.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


def page(client, obj, language):
    with translation.override(language):
        return client.get(obj.get_absolute_url()).content.decode()


def test_off_by_default_nothing_is_asked_queried_or_shown(client, process, django_capture_on_commit_callbacks):
    proposal = ProposalFactory(process=process, body=FRENCH)
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True) as queued:
        translations_request(obj=proposal)
        assert translation_for(proposal, "en") is None
    assert queued == [] and len(queries) == 0
    assert 'data-testid="mt-switch"' not in page(client, proposal, "en")


def test_a_new_comment_is_translated_in_the_background_into_the_other_languages(
    libretranslate, process, user, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(process=process)
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(user=user, target=proposal, body=FRENCH, opinion=Comment.Opinion.IN_FAVOUR)
    # English first: the answer says the text is French, so French is never asked for.
    assert libretranslate.calls == [(FRENCH, "en"), (FRENCH, "es")]
    stored = {row.language: (row.source_language, row.text) for row in rows(comment)}
    assert stored == {"en": ("fr", f"[en] {FRENCH}"), "es": ("fr", f"[es] {FRENCH}"), "fr": ("fr", "")}
    assert translation_for(comment, "en").fields == {"body": f"[en] {FRENCH}"}
    assert translation_for(comment, "fr") is None  # its own language: nothing to switch to


def test_the_provider_is_asked_once_per_text_and_language_and_again_when_the_text_changes(
    libretranslate, process, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(process=process, title="Un banc près de la gare", body=FRENCH)
    provider = LibreTranslate(url=libretranslate.url)
    assert content_translate(obj=proposal, provider=provider) == 4  # title and body, into English and Spanish
    assert content_translate(obj=proposal, provider=provider) == 0
    assert len(libretranslate.calls) == 4
    # The author edits the body: only the body is translated again; until then the old translation is not shown.
    with django_capture_on_commit_callbacks(execute=False):
        proposal_update(
            proposal=proposal,
            user=proposal.author,
            data={"title": "Un banc près de la gare", "body": "Deux bancs à l'ombre des arbres du canal."},
        )
    assert translation_for(proposal, "en").fields == {"title": "[en] Un banc près de la gare"}
    content_translate(obj=proposal, provider=provider)
    assert libretranslate.calls[4:] == [
        ("Deux bancs à l'ombre des arbres du canal.", "en"),
        ("Deux bancs à l'ombre des arbres du canal.", "es"),
    ]
    assert translation_for(proposal, "en").fields == {
        "title": "[en] Un banc près de la gare",
        "body": "[en] Deux bancs à l'ombre des arbres du canal.",
    }


def test_an_english_text_is_translated_into_french_and_spanish_only(libretranslate, process):
    proposal = ProposalFactory(process=process, title="Benches along the canal", body=ENGLISH)
    content_translate(obj=proposal, provider=LibreTranslate(url=libretranslate.url))
    # The first call (into English) found English text: that answer is not kept as a translation.
    assert translation_for(proposal, "en") is None
    assert translation_for(proposal, "fr").fields["body"] == f"[fr] {ENGLISH}"
    assert translation_for(proposal, "es").source_language == "en"


def test_the_proposal_page_switches_between_translation_and_original(libretranslate, client, process):
    proposal = ProposalFactory(process=process, body=FRENCH)
    content_translate(obj=proposal, provider=LibreTranslate(url=libretranslate.url))
    html = page(client, proposal, "en")
    switch = html[html.index('data-testid="mt-switch"') :]
    assert "Show translation" in switch and "Show original" in switch
    assert "Machine translation" in switch and "Translated automatically from French by LibreTranslate" in switch
    assert f"[en] {FRENCH}" in switch
    assert FRENCH in html[: html.index('data-testid="mt-switch"')]  # the original stays, shown first
    assert 'data-testid="mt-switch"' not in page(client, proposal, "fr")


def test_a_translation_is_escaped_like_any_text(libretranslate, client, process):
    proposal = ProposalFactory(process=process, body='<img src=x onerror="alert(1)"> bancs')
    content_translate(obj=proposal, provider=LibreTranslate(url=libretranslate.url))
    html = page(client, proposal, "en")
    assert "&lt;img src=x onerror=" in html and '<img src=x onerror="alert(1)">' not in html


def test_a_comment_thread_loads_its_translations_in_one_query(libretranslate, client, process):
    proposal = ProposalFactory(process=process)
    provider = LibreTranslate(url=libretranslate.url)
    content_translate(obj=proposal, provider=provider)
    for number in range(8):
        comment = comment_create(
            user=UserFactory(), target=proposal, body=f"Avis {number}", opinion=Comment.Opinion.NEUTRAL
        )
        content_translate(obj=comment, provider=provider)
    with translation.override("en"):
        url = proposal.get_absolute_url()
    client.get(url)  # warm up (sessions, content types)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert html.count('data-testid="mt-switch"') == 9  # the proposal and its eight comments
    # One query for the proposal's translation, one for the whole page of comments.
    assert sum("machine_translation_machinetranslation" in q["sql"] for q in queries.captured_queries) == 2


def test_an_edited_comment_is_translated_again_and_a_deleted_one_forgets_its_translations(
    libretranslate, process, user, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(process=process)
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(user=user, target=proposal, body=FRENCH, opinion=Comment.Opinion.IN_FAVOUR)
        comment_edit(user=user, comment=comment, body="Plutôt des arbres.", opinion=Comment.Opinion.IN_FAVOUR)
    assert translation_for(comment, "es").fields == {"body": "[es] Plutôt des arbres."}
    with django_capture_on_commit_callbacks(execute=True):
        comment_delete(user=user, comment=comment)
    assert not rows(comment).exists()


def test_an_event_description_is_translated_as_text_into_the_languages_it_lacks(libretranslate, client, process):
    event = EventFactory(process=process)
    event.description_fr = "<p>Réparons nos vélos.</p><p>Apportez vos outils.</p>"
    event.description_en = event.description_es = ""
    event.save()
    content_translate(obj=event, provider=LibreTranslate(url=libretranslate.url))
    assert libretranslate.calls == [
        ("Réparons nos vélos.\n\nApportez vos outils.", "en"),
        ("Réparons nos vélos.\n\nApportez vos outils.", "es"),
    ]
    html = page(client, event, "en")
    assert "[en] Réparons nos vélos." in html and 'data-testid="mt-switch"' in html


def test_deepl_is_called_with_its_key_and_language_codes(deepl, process):
    proposal = ProposalFactory(process=process, title="Un banc près de la gare", body=FRENCH)
    content_translate(obj=proposal, provider=DeepL(api_key="secret-key:fx", url=deepl.url))
    path, headers = deepl.requests[0]
    assert path == "/v2/translate" and headers["Authorization"] == "DeepL-Auth-Key secret-key:fx"
    assert {target for _text, target in deepl.calls} == {"EN-GB", "ES"}
    assert translation_for(proposal, "en").fields["body"] == f"[EN-GB] {FRENCH}"


def test_a_provider_failure_raises_for_the_task_to_retry_and_stores_nothing(libretranslate, process):
    libretranslate.fail = True
    proposal = ProposalFactory(process=process, body=FRENCH)
    with pytest.raises(ProviderError):
        content_translate(obj=proposal, provider=LibreTranslate(url=libretranslate.url))
    assert not rows(proposal).exists()


def test_translations_for_costs_nothing_for_an_empty_list(libretranslate):
    with CaptureQueriesContext(connection) as queries:
        assert translations_for([], "en") == {}
    assert len(queries) == 0


def test_the_backfill_command_translates_what_was_written_before(libretranslate, process):
    from django.core.management import call_command

    ProposalFactory(process=process, title="Un banc près de la gare", body=FRENCH)
    call_command("machine_translate", "--model", "proposals.proposal")
    assert len(libretranslate.calls) == 4
    call_command("machine_translate", "--model", "proposals.proposal")
    assert len(libretranslate.calls) == 4
