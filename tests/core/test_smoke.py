import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language,heading,nav",
    [("fr", "Processus ouverts", "Se connecter"), ("en", "Open processes", "Sign in"), ("es", None, None)],
)
def test_home_renders_in_each_language(client, process, language, heading, nav):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert process.title in html
    if heading:  # interface strings come from the committed, compiled catalogues
        assert heading in html and nav in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_interface_string_is_translated(language):
    import polib
    from django.conf import settings

    catalogue = polib.pofile(str(settings.BASE_DIR / f"locale/{language}/LC_MESSAGES/django.po"))
    assert catalogue.percent_translated() == 100
    assert not [entry.msgid for entry in catalogue.fuzzy_entries()]
    plurals = int(catalogue.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
    assert not [
        e.msgid for e in catalogue if e.msgid_plural and len(list(filter(None, e.msgstr_plural.values()))) < plurals
    ]


@pytest.mark.django_db
def test_unknown_page_is_a_real_404(client):
    response = client.get("/fr/this-page-does-not-exist/")
    assert response.status_code == 404
    assert b'data-testid="not-found"' in response.content


@pytest.mark.django_db
def test_process_page_shows_active_phase(client, process):
    response = client.get(reverse("spaces:process_detail", kwargs={"slug": process.slug}))
    assert response.status_code == 200
    assert 'data-testid="active-phase"' in response.content.decode()
