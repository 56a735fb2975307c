import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation

from apps.taxonomy.models import Category, Theme
from tests.factories import CategoryFactory, ProcessFactory, ThemeFactory

pytestmark = pytest.mark.django_db


class TestCategoryHierarchy:
    def test_category_and_sub_category(self):
        process = ProcessFactory()
        sport = CategoryFactory(process=process, name_fr="Sport", color="#1d70b8", icon="⚽")
        stades = Category(process=process, name_fr="Stades", parent=sport)
        stades.full_clean()
        stades.save()
        assert list(sport.children.all()) == [stades]
        assert str(stades) == "Sport › Stades"
        assert str(sport) == "Sport"

    def test_depth_is_limited_to_two(self):
        process = ProcessFactory()
        sub = CategoryFactory(process=process, parent=CategoryFactory(process=process))
        with pytest.raises(ValidationError) as error:
            Category(process=process, name_fr="Trop profond", parent=sub).full_clean()
        assert "parent" in error.value.message_dict

    def test_a_parent_cannot_become_a_sub_category(self):
        process = ProcessFactory()
        parent = CategoryFactory(process=process)
        CategoryFactory(process=process, parent=parent)
        parent.parent = CategoryFactory(process=process)
        with pytest.raises(ValidationError) as error:
            parent.full_clean()
        assert "parent" in error.value.message_dict

    def test_parent_must_be_in_the_same_process(self):
        parent = CategoryFactory()
        with pytest.raises(ValidationError) as error:
            Category(process=ProcessFactory(), name_fr="Ailleurs", parent=parent).full_clean()
        assert "parent" in error.value.message_dict

    def test_not_its_own_parent(self):
        category = CategoryFactory()
        category.parent = category
        with pytest.raises(ValidationError):
            category.full_clean()

    def test_theme_must_be_in_the_same_process(self):
        with pytest.raises(ValidationError) as error:
            Category(process=ProcessFactory(), name_fr="Vélo", theme=ThemeFactory()).full_clean()
        assert "theme" in error.value.message_dict

    @pytest.mark.parametrize("color,valid", [("#1d70b8", True), ("#ABCDEF", True), ("red", False), ("#12345", False)])
    def test_colour_is_a_hex_code(self, color, valid):
        category = Category(process=ProcessFactory(), name_fr="Couleur", color=color)
        if valid:
            category.full_clean()
        else:
            with pytest.raises(ValidationError):
                category.full_clean()

    def test_colour_and_icon_are_optional(self):
        category = Category(process=ProcessFactory(), name_fr="Simple")
        category.full_clean()
        category.save()
        stored = Category.objects.get(pk=category.pk)
        assert (stored.color, stored.icon) == ("", "")

    def test_names_are_translated_with_fallback(self):
        category = CategoryFactory(name_fr="Écologie", name_en="Ecology")
        plain = CategoryFactory(name_fr="Stationnement", name_en="")
        with translation.override("en"):
            assert Category.objects.get(pk=category.pk).name == "Ecology"
            assert Category.objects.get(pk=plain.pk).name == "Stationnement"


class TestTheme:
    def test_theme_owns_categories(self):
        theme = ThemeFactory()
        velo = CategoryFactory(process=theme.process, theme=theme, name_fr="Vélo")
        assert list(theme.categories.all()) == [velo]

    def test_slug_unique_per_process(self):
        theme = ThemeFactory(slug="mobilites")
        ThemeFactory(slug="mobilites")  # another process: fine
        with pytest.raises(IntegrityError):
            ThemeFactory(process=theme.process, slug="mobilites")

    def test_translated_with_fallback(self):
        theme = ThemeFactory(title_fr="Mobilités", title_en="Mobility", summary_fr="Se déplacer", summary_en="")
        with translation.override("en"):
            fresh = Theme.objects.get(pk=theme.pk)
            assert fresh.title == "Mobility"
            assert fresh.summary == "Se déplacer"

    def test_url(self):
        theme = ThemeFactory(slug="mobilites")
        assert theme.get_absolute_url() == f"/fr/processes/{theme.process.slug}/themes/mobilites/"


class TestThemePage:
    def test_shows_info_page_and_its_categories(self, client):
        theme = ThemeFactory(title_fr="Mobilités", summary_fr="Se déplacer",
                             description_fr="<p>Marcher, <em>pédaler</em>.</p><script>alert(1)</script>")
        velo = CategoryFactory(process=theme.process, theme=theme, name_fr="Vélo", color="#198754", icon="🚲")
        CategoryFactory(process=theme.process, parent=velo, theme=theme, name_fr="Pistes cyclables")
        CategoryFactory(process=theme.process, name_fr="Hors thème")
        response = client.get(theme.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert "Mobilités" in html and "Se déplacer" in html
        assert "<em>pédaler</em>" in html
        assert "<script>alert(1)</script>" not in html
        assert "Vélo" in html and "Pistes cyclables" in html and 'data-color="#198754"' in html
        assert "Hors thème" not in html

    def test_unknown_theme_is_404(self, client, process):
        url = reverse("taxonomy:theme_detail", kwargs={"slug": process.slug, "theme_slug": "nope"})
        assert client.get(url).status_code == 404

    def test_theme_of_another_process_is_404(self, client, process):
        theme = ThemeFactory()
        url = reverse("taxonomy:theme_detail", kwargs={"slug": process.slug, "theme_slug": theme.slug})
        assert client.get(url).status_code == 404

    def test_english(self, client):
        theme = ThemeFactory(title_fr="Mobilités", title_en="Mobility")
        html = client.get("/en" + theme.get_absolute_url()[3:]).content.decode()
        assert "Mobility" in html
