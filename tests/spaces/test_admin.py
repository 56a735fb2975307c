"""The back-office: process admins see only their processes; site admins see everything."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from apps.spaces.models import Phase, Process, ProcessRole
from apps.taxonomy.models import Category
from tests.factories import (
    CategoryFactory,
    PhaseFactory,
    ProcessFactory,
    ProcessPageFactory,
    ProcessRoleFactory,
    SitePageFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine():
    process = ProcessFactory(title="Budget de Lille-Sud", slug="lille-sud", is_published=False)
    PhaseFactory(process=process, start_date=date(2026, 3, 1), end_date=date(2026, 3, 31))
    theme = ThemeFactory(process=process, title="Mobilités")
    CategoryFactory(process=process, name="Vélo", theme=theme)
    ProcessPageFactory(process=process, title="Règlement")
    return process


@pytest.fixture
def theirs():
    process = ProcessFactory(title="Budget de Roubaix", slug="roubaix")
    PhaseFactory(process=process, title="Phase de Roubaix")
    theme = ThemeFactory(process=process, title="Thème de Roubaix")
    CategoryFactory(process=process, name="Catégorie de Roubaix", theme=theme)
    ProcessPageFactory(process=process, title="Page de Roubaix")
    return process


@pytest.fixture
def agent(mine):
    """A municipal agent: no staff flag, administrator of one process."""
    user = UserFactory(email="agent@example.org")
    ProcessRoleFactory(process=mine, user=user, role=ProcessRole.Role.ADMIN)
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.org", is_superuser=True, is_staff=True)


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


@pytest.fixture
def super_client(client, superuser):
    client.force_login(superuser)
    return client


SCOPED_MODELS = [
    ("spaces", "process"),
    ("spaces", "phase"),
    ("spaces", "processpage"),
    ("taxonomy", "theme"),
    ("taxonomy", "category"),
]


def admin_url(app, model, view="changelist", *args):
    return reverse(f"admin:{app}_{model}_{view}", args=args)


def objects_of(process):
    return {
        ("spaces", "process"): process,
        ("spaces", "phase"): process.phases.first(),
        ("spaces", "processpage"): process.pages.first(),
        ("taxonomy", "theme"): process.themes.first(),
        ("taxonomy", "category"): process.categories.first(),
    }


class TestAccess:
    def test_citizen_cannot_enter(self, client, user):
        client.force_login(user)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]

    def test_evaluator_or_moderator_alone_cannot_enter(self, client, mine):
        user = ProcessRoleFactory(process=mine, role=ProcessRole.Role.EVALUATOR).user
        client.force_login(user)
        assert client.get(reverse("admin:index")).status_code == 302

    def test_inactive_agent_cannot_enter(self, client, agent):
        agent.is_active = False
        agent.save()
        client.force_login(agent)
        assert client.get(reverse("admin:index")).status_code == 302

    def test_anonymous_gets_the_log_in_page(self, client, mine):
        # Every model admin is asked about an anonymous visitor there; none may trip over one.
        response = client.get(reverse("admin:login"))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]

    def test_agent_index_lists_only_process_models(self, agent_client):
        response = agent_client.get(reverse("admin:index"))
        assert response.status_code == 200
        html = response.content.decode()
        for app, model in SCOPED_MODELS:
            assert admin_url(app, model) in html
        assert admin_url("spaces", "processrole") not in html
        assert admin_url("spaces", "sitepage") not in html
        assert admin_url("accounts", "user") not in html
        assert admin_url("core", "auditentry") not in html

    def test_superuser_index(self, super_client, mine, theirs):
        response = super_client.get(reverse("admin:index"))
        assert response.status_code == 200
        for app, model in [*SCOPED_MODELS, ("spaces", "processrole"), ("spaces", "sitepage")]:
            assert admin_url(app, model) in response.content.decode()


class TestPagesRender:
    """Every changelist, change and add page answers 200 (inlines, prepopulated fields, autocomplete...)."""

    @pytest.mark.parametrize("app,model", SCOPED_MODELS)
    def test_agent_pages(self, agent_client, mine, theirs, app, model):
        response = agent_client.get(admin_url(app, model))
        assert response.status_code == 200
        obj = objects_of(mine)[(app, model)]
        assert agent_client.get(admin_url(app, model, "change", obj.pk)).status_code == 200
        if model != "process":
            assert agent_client.get(admin_url(app, model, "add")).status_code == 200

    @pytest.mark.parametrize("app,model", SCOPED_MODELS)
    def test_superuser_pages(self, super_client, mine, theirs, app, model):
        assert super_client.get(admin_url(app, model)).status_code == 200
        for process in (mine, theirs):
            obj = objects_of(process)[(app, model)]
            assert super_client.get(admin_url(app, model, "change", obj.pk)).status_code == 200
        assert super_client.get(admin_url(app, model, "add")).status_code == 200

    def test_superuser_other_pages(self, super_client, mine, agent):
        SitePageFactory()
        role = ProcessRole.objects.get(user=agent)
        for url in [
            admin_url("spaces", "processrole"),
            admin_url("spaces", "processrole", "change", role.pk),
            admin_url("spaces", "processrole", "add"),
            admin_url("spaces", "sitepage"),
            admin_url("spaces", "sitepage", "add"),
            admin_url("spaces", "process") + "?status=open",
            admin_url("spaces", "process") + "?status=finished&q=Lille",
        ]:
            assert super_client.get(url).status_code == 200, url

    def test_process_form_shows_translations_side_by_side_and_inlines(self, super_client, mine):
        html = super_client.get(admin_url("spaces", "process", "change", mine.pk)).content.decode()
        for field in ("title_fr", "title_en", "title_es", "description_en", "subtitle_es"):
            assert f'name="{field}"' in html
        for prefix in ("phases", "themes", "categories", "pages", "roles"):
            assert f'name="{prefix}-TOTAL_FORMS"' in html
        # No third-party CDN (the tabbed modeltranslation admin would load jQuery UI from one).
        assert not re.search(r'<script[^>]+src="https?://', html)
        assert not re.search(r'<link[^>]+href="https?://', html)


class TestProcessInlineRegistry:
    def test_feature_apps_register_their_inlines(self):
        from django.contrib import admin as django_admin

        from apps.spaces.admin import ProcessRoleInline
        from apps.taxonomy.admin import CategoryInline, ThemeInline

        inlines = django_admin.site._registry[Process].get_inlines(None, None)
        assert {ThemeInline, CategoryInline} <= set(inlines)
        assert inlines[-1] is ProcessRoleInline

    def test_registering_twice_adds_one_inline(self):
        from django.contrib import admin as django_admin

        from apps.spaces.admin import register_process_inline
        from apps.taxonomy.admin import ThemeInline

        register_process_inline(ThemeInline)
        assert django_admin.site._registry[Process].get_inlines(None, None).count(ThemeInline) == 1


class TestScoping:
    @pytest.mark.parametrize("app,model", SCOPED_MODELS)
    def test_changelist_shows_only_their_processes(self, agent_client, mine, theirs, app, model):
        html = agent_client.get(admin_url(app, model)).content.decode()
        theirs_obj = objects_of(theirs)[(app, model)]
        mine_obj = objects_of(mine)[(app, model)]
        assert admin_url(app, model, "change", mine_obj.pk) in html
        assert admin_url(app, model, "change", theirs_obj.pk) not in html
        assert "Roubaix" not in html  # not even in a filter

    @pytest.mark.parametrize("app,model", SCOPED_MODELS)
    def test_other_process_objects_are_refused(self, agent_client, theirs, app, model):
        obj = objects_of(theirs)[(app, model)]
        response = agent_client.get(admin_url(app, model, "change", obj.pk))
        assert response.status_code in (403, 404)
        assert "Roubaix" not in response.content.decode()
        assert agent_client.post(admin_url(app, model, "delete", obj.pk), {"post": "yes"}).status_code in (403, 404)
        assert type(obj).objects.filter(pk=obj.pk).exists()

    def test_refusal_page_says_why(self, agent_client, theirs):
        with translation.override("en"):
            url = admin_url("spaces", "process", "change", theirs.pk)  # the English admin: /en/admin/...
        response = agent_client.get(url)
        assert response.status_code == 403
        assert "You can only manage the processes you administer." in response.content.decode()

    def test_agent_cannot_add_or_delete_processes(self, agent_client, mine):
        assert agent_client.get(admin_url("spaces", "process", "add")).status_code == 403
        assert agent_client.get(admin_url("spaces", "process", "delete", mine.pk)).status_code == 403
        html = agent_client.get(admin_url("spaces", "process")).content.decode()
        assert admin_url("spaces", "process", "add") not in html

    def test_agent_cannot_manage_roles(self, agent_client, agent, mine):
        assert agent_client.get(admin_url("spaces", "processrole")).status_code == 403
        assert agent_client.get(admin_url("spaces", "processrole", "add")).status_code == 403
        html = agent_client.get(admin_url("spaces", "process", "change", mine.pk)).content.decode()
        assert 'name="roles-TOTAL_FORMS"' not in html
        assert 'name="phases-TOTAL_FORMS"' in html

    def test_agent_cannot_edit_site_pages_or_users(self, agent_client):
        assert agent_client.get(admin_url("spaces", "sitepage")).status_code == 403
        assert agent_client.get(admin_url("accounts", "user")).status_code == 403

    def test_agent_choices_are_limited_to_their_processes(self, agent_client, mine, theirs):
        html = agent_client.get(admin_url("taxonomy", "category", "add")).content.decode()
        assert "Budget de Lille-Sud" in html and "Mobilités" in html
        assert "Roubaix" not in html

    def test_agent_cannot_move_an_object_to_another_process(self, agent_client, mine, theirs):
        page = mine.pages.first()
        response = agent_client.post(
            admin_url("spaces", "processpage", "change", page.pk),
            {"process": theirs.pk, "slug": page.slug, "title_fr": "Règlement", "body_fr": "", "position": 0},
        )
        assert response.status_code == 200  # form redisplayed with an error
        page.refresh_from_db()
        assert page.process == mine

    def test_superuser_sees_everything(self, super_client, mine, theirs):
        html = super_client.get(admin_url("spaces", "process")).content.decode()
        assert "Budget de Lille-Sud" in html and "Budget de Roubaix" in html
        assert admin_url("spaces", "process", "add") in html

    def test_search(self, super_client, mine, theirs):
        html = super_client.get(admin_url("spaces", "process") + "?q=Roubaix").content.decode()
        assert admin_url("spaces", "process", "change", theirs.pk) in html
        assert admin_url("spaces", "process", "change", mine.pk) not in html


def management_form(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def settings_inline_data(process, **values):
    """The feature settings inlines (proposals, supports, comments, moderation) of the process form, as saved
    (or defaults)."""
    rows = {
        "proposal_settings": {
            "proposal_body_max_length": "1500",
            "proposal_title_help_fr": "", "proposal_title_help_en": "", "proposal_title_help_es": "",
            "proposal_body_help_fr": "", "proposal_body_help_en": "", "proposal_body_help_es": "",
            "proposals_per_user": "5",
            "proposal_edit_minutes": "15",
            "attachment_max_mb": "5",
            "attachments_per_proposal": "3",
        },
        "support_settings": {"supports_per_user": "", "support_threshold": ""},
        "comment_settings": {"comment_max_length": "1000"},
        "moderation_settings": {"hide_threshold": "3"},
        "event_settings": {"participants_may_create": ""},
        "voting_settings": {
            "voter_scope": "all", "district_voters_also_city_wide": "on", "minimum_age": "", "residency": "none",
            "paper_double_entry": "on",
        },
    }
    data = {}
    for prefix, fields in rows.items():
        existing = getattr(process, prefix, None) if process.pk else None
        data.update(management_form(prefix, 1, 1 if existing else 0))
        data[f"{prefix}-0-id"] = str(existing.pk) if existing else ""
        data[f"{prefix}-0-process"] = str(process.pk) if process.pk else ""
        for name, value in fields.items():
            data[f"{prefix}-0-{name}"] = values.get(name, value)
    return data


def process_form_data(process, phases, *, with_roles=False):
    """The POST of the process change page with `phases` as the phase rows (dicts)."""
    data = {
        "title_fr": process.title_fr or process.title,
        "title_en": process.title_en or "",
        "title_es": "",
        "subtitle_fr": "", "subtitle_en": "", "subtitle_es": "",
        "slug": process.slug,
        "is_published": "on" if process.is_published else "",
        "short_description_fr": "", "short_description_en": "", "short_description_es": "",
        "description_fr": "", "description_en": "", "description_es": "",
        "start_date": process.start_date.isoformat(),
        "end_date": process.end_date.isoformat(),
        "scope": "",
        "budget_envelope": "",
        "pinned_phase": "",
        "eligibility": "registered",
        "eligible_postal_codes": "",
    }
    data.update(settings_inline_data(process))
    existing = [p for p in phases if p.get("id")]
    data.update(management_form("phases", len(phases), len(existing)))
    for i, phase in enumerate(phases):
        data.update({
            f"phases-{i}-id": phase.get("id", ""),
            f"phases-{i}-process": str(process.pk),
            f"phases-{i}-kind": phase["kind"],
            f"phases-{i}-title_fr": phase["title"],
            f"phases-{i}-title_en": "",
            f"phases-{i}-title_es": "",
            f"phases-{i}-description_fr": "",
            f"phases-{i}-description_en": "",
            f"phases-{i}-description_es": "",
            f"phases-{i}-start_date": phase["start"],
            f"phases-{i}-end_date": phase["end"],
        })
        if phase.get("delete"):
            data[f"phases-{i}-DELETE"] = "on"
    for prefix, count in (("themes", process.themes.count()), ("categories", process.categories.count()),
                          ("pages", process.pages.count()), ("review_criteria", process.review_criteria.count())):
        assert count == 0, "keep the process bare for these POSTs"
        data.update(management_form(prefix, 0, 0))
    if with_roles:
        data.update(management_form("roles", 0, 0))
    return data


class TestPhaseInlineValidation:
    @pytest.fixture
    def bare(self):
        return ProcessFactory(title="Budget nu", slug="nu", start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))

    @pytest.fixture
    def bare_admin(self, bare):
        """The process's administrator: the phases are their work, so the tests run as them."""
        return ProcessRoleFactory(process=bare, role=ProcessRole.Role.ADMIN).user

    def post(self, client, process, phases, with_roles):
        return client.post(
            admin_url("spaces", "process", "change", process.pk),
            process_form_data(process, phases, with_roles=with_roles),
        )

    @pytest.mark.parametrize("who", ["agent", "superuser"])
    def test_overlapping_new_rows_are_rejected(self, client, bare, superuser, who):
        if who == "agent":
            user = ProcessRoleFactory(process=bare, role=ProcessRole.Role.ADMIN).user
        else:
            user = superuser
        client.force_login(user)
        response = self.post(client, bare, [
            {"kind": "proposals", "title": "Dépôt des idées", "start": "2026-03-01", "end": "2026-03-31"},
            {"kind": "voting", "title": "Vote", "start": "2026-03-20", "end": "2026-04-10"},
        ], with_roles=who == "superuser")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Dépôt des idées" in html
        assert "Phases of a process cannot overlap." in html or "Les phases" in html
        assert not Phase.objects.filter(process=bare).exists()

    def test_error_names_both_phases_and_dates(self, client, bare, bare_admin):
        client.force_login(bare_admin)
        response = client.post(
            "/en" + admin_url("spaces", "process", "change", bare.pk)[3:],
            process_form_data(bare, [
                {"kind": "proposals", "title": "Ideas", "start": "2026-03-01", "end": "2026-03-31"},
                {"kind": "voting", "title": "Vote", "start": "2026-03-31", "end": "2026-04-10"},
            ], with_roles=False),
        )
        assert response.status_code == 200
        errors = response.context["inline_admin_formsets"][0].formset.non_form_errors()
        assert errors == [
            "The phases “Ideas” (1 March 2026 – 31 March 2026) and “Vote” (31 March 2026 – 10 April 2026) "
            "overlap. Phases of a process cannot overlap."
        ]

    def test_valid_phases_are_saved(self, client, bare, bare_admin):
        client.force_login(bare_admin)
        response = self.post(client, bare, [
            {"kind": "proposals", "title": "Dépôt", "start": "2026-03-01", "end": "2026-03-31"},
            {"kind": "voting", "title": "Vote", "start": "2026-04-01", "end": "2026-04-10"},
        ], with_roles=False)
        assert response.status_code == 302, response.context and response.context["errors"]
        assert list(bare.phases.values_list("title_fr", flat=True)) == ["Dépôt", "Vote"]

    def test_back_office_changes_are_audited(self, client, bare, bare_admin):
        from apps.core.models import AuditEntry

        client.force_login(bare_admin)
        self.post(client, bare, [
            {"kind": "proposals", "title": "Dépôt", "start": "2026-03-01", "end": "2026-03-31"},
        ], with_roles=False)
        entry = AuditEntry.objects.get(action="admin.change_process")
        assert entry.actor == bare_admin and entry.target == bare
        assert "Phase" in str(entry.data["change"]) or "phase" in str(entry.data["change"])

    def test_overlap_with_a_saved_phase_is_rejected(self, client, bare, bare_admin):
        kept = PhaseFactory(process=bare, kind="proposals", title="Dépôt",
                            start_date=date(2026, 3, 1), end_date=date(2026, 3, 31))
        client.force_login(bare_admin)
        response = self.post(client, bare, [
            {"id": str(kept.pk), "kind": "proposals", "title": "Dépôt", "start": "2026-03-01", "end": "2026-03-31"},
            {"kind": "voting", "title": "Vote", "start": "2026-03-15", "end": "2026-04-10"},
        ], with_roles=False)
        assert response.status_code == 200
        assert bare.phases.count() == 1

    def test_shifting_two_adjacent_phases_in_one_save(self, client, bare, bare_admin):
        first = PhaseFactory(process=bare, kind="proposals", title="Dépôt",
                             start_date=date(2026, 3, 1), end_date=date(2026, 3, 10))
        second = PhaseFactory(process=bare, kind="voting", title="Vote",
                              start_date=date(2026, 3, 11), end_date=date(2026, 3, 20))
        client.force_login(bare_admin)
        response = self.post(client, bare, [
            {"id": str(first.pk), "kind": "proposals", "title": "Dépôt", "start": "2026-03-01", "end": "2026-03-15"},
            {"id": str(second.pk), "kind": "voting", "title": "Vote", "start": "2026-03-16", "end": "2026-03-25"},
        ], with_roles=False)
        assert response.status_code == 302
        first.refresh_from_db()
        assert first.end_date == date(2026, 3, 15)

    def test_deleted_rows_do_not_count(self, client, bare, bare_admin):
        old = PhaseFactory(process=bare, kind="proposals", title="Ancienne",
                           start_date=date(2026, 3, 1), end_date=date(2026, 3, 31))
        client.force_login(bare_admin)
        response = self.post(client, bare, [
            {"id": str(old.pk), "kind": "proposals", "title": "Ancienne", "start": "2026-03-01",
             "end": "2026-03-31", "delete": True},
            {"kind": "voting", "title": "Vote", "start": "2026-03-15", "end": "2026-04-10"},
        ], with_roles=False)
        assert response.status_code == 302
        assert list(bare.phases.values_list("title_fr", flat=True)) == ["Vote"]

    def test_end_before_start_is_reported_on_the_row(self, client, bare, bare_admin):
        client.force_login(bare_admin)
        response = self.post(client, bare, [
            {"kind": "voting", "title": "Vote", "start": "2026-04-10", "end": "2026-04-01"},
        ], with_roles=False)
        assert response.status_code == 200
        assert not bare.phases.exists()


class TestCategoryInline:
    def test_sub_sub_category_is_rejected(self, super_client):
        process = ProcessFactory()
        top = CategoryFactory(process=process, name="Sport")
        sub = CategoryFactory(process=process, name="Stades", parent=top)
        category = Category(process=process, name="Tribunes", parent=sub)
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            category.full_clean()

    def test_parent_choices_are_this_process_top_categories(self, super_client, mine, theirs):
        top = mine.categories.first()
        CategoryFactory(process=mine, name="Sous-catégorie", parent=top)
        html = super_client.get(admin_url("spaces", "process", "change", mine.pk)).content.decode()
        select = re.search(r'<select name="categories-0-parent".*?</select>', html, re.S).group(0)
        assert "Vélo" in select
        assert "Sous-catégorie" not in select and "Roubaix" not in select


def test_process_count_unchanged_by_refused_add(agent_client):
    before = Process.objects.count()
    agent_client.post(admin_url("spaces", "process", "add"), {"title_fr": "Pirate", "slug": "pirate"})
    assert Process.objects.count() == before
