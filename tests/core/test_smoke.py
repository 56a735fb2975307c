import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize("language,heading", [("fr", "Processus ouverts"), ("en", "Open processes")])
def test_home_renders_in_each_language(client, process, language, heading, settings):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    assert process.title in response.content.decode()


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
