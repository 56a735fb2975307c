"""The moderation screens: the report form, the queue and the decisions, blocks; and the permission matrix.

Every test logs in as the role it is about (moderator, process admin of ANOTHER process, evaluator, citizen),
never as a superuser; refusals are 403 pages with the rule's sentence, anonymous visitors are sent to log in.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from apps.comments.models import Comment
from apps.core.models import AuditEntry
from apps.moderation import services
from apps.moderation.models import ModeratedItem, Report
from apps.moderation.urls import PERMISSIONS
from apps.proposals.models import Proposal
from tests.factories import ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

MODERATORS_ONLY = "Only the moderators and administrators of this process can moderate it."
SITE_MODERATORS_ONLY = "Only site administrators and moderators can moderate participants."
BLOCKERS_ONLY = "Only site administrators and moderators can block participants."
UNBLOCKERS_ONLY = "Only site administrators and moderators can lift a block."


def report_url(target):
    content_type = ContentType.objects.get_for_model(target)
    return reverse("moderation:report", kwargs={"content_type_id": content_type.pk, "object_id": target.pk})


def item_of(target):
    return ModeratedItem.objects.get(object_id=target.pk, content_type__model=target._meta.model_name)


@pytest.fixture
def reported(proposal, reporters):
    services.report_create(user=reporters[0], target=proposal, reason=Report.Reason.SPAM)
    return item_of(proposal)


@pytest.fixture
def hidden(process, reporters, moderator):
    other = ProposalFactory(process=process)
    services.report_create(user=reporters[1], target=other, reason=Report.Reason.SPAM)
    return services.item_hide(actor=moderator, item=item_of(other), justification="Spam.")


@pytest.fixture
def troll(db):
    return UserFactory(nickname="troll")


@pytest.fixture
def blocked_troll(moderator):
    user = UserFactory(nickname="blocked_troll")
    services.user_block(actor=moderator, user=user, reason="Insultes.")
    user.refresh_from_db()
    return user


@pytest.fixture
def roles(moderator, other_admin, evaluator, citizen):
    return {"moderator": moderator, "other_admin": other_admin, "evaluator": evaluator, "citizen": citizen}


# (URL name, method, url kwargs builder, data, {role: expected}) — expected is a status code, or a refusal sentence.
def matrix_cases():
    return [
        ("queue", "get", lambda f: {"process_pk": f["process"].pk}, None,
         {"moderator": 200, "other_admin": MODERATORS_ONLY, "evaluator": MODERATORS_ONLY, "citizen": MODERATORS_ONLY}),
        ("participants", "get", lambda f: {}, None,
         {"moderator": 200, "other_admin": SITE_MODERATORS_ONLY, "evaluator": SITE_MODERATORS_ONLY,
          "citizen": SITE_MODERATORS_ONLY}),
        ("blocked", "get", lambda f: {}, None,
         {"moderator": 200, "other_admin": SITE_MODERATORS_ONLY, "evaluator": SITE_MODERATORS_ONLY,
          "citizen": SITE_MODERATORS_ONLY}),
        ("item", "get", lambda f: {"pk": f["reported"].pk}, None,
         {"moderator": 200, "other_admin": MODERATORS_ONLY, "evaluator": MODERATORS_ONLY, "citizen": MODERATORS_ONLY}),
        ("hide", "post", lambda f: {"pk": f["reported"].pk}, {"justification": "Spam."},
         {"moderator": 302, "other_admin": MODERATORS_ONLY, "evaluator": MODERATORS_ONLY, "citizen": MODERATORS_ONLY}),
        ("unhide", "post", lambda f: {"pk": f["hidden"].pk}, {},
         {"moderator": 302, "other_admin": MODERATORS_ONLY, "evaluator": MODERATORS_ONLY, "citizen": MODERATORS_ONLY}),
        ("dismiss", "post", lambda f: {"pk": f["reported"].pk}, {},
         {"moderator": 302, "other_admin": MODERATORS_ONLY, "evaluator": MODERATORS_ONLY, "citizen": MODERATORS_ONLY}),
        ("block", "get", lambda f: {"user_pk": f["troll"].pk}, None,
         {"moderator": 200, "other_admin": BLOCKERS_ONLY, "evaluator": BLOCKERS_ONLY, "citizen": BLOCKERS_ONLY}),
        ("block", "post", lambda f: {"user_pk": f["troll"].pk}, {"reason": "Insultes."},
         {"moderator": 302, "other_admin": BLOCKERS_ONLY, "evaluator": BLOCKERS_ONLY, "citizen": BLOCKERS_ONLY}),
        ("unblock", "post", lambda f: {"user_pk": f["blocked_troll"].pk}, {},
         {"moderator": 302, "other_admin": UNBLOCKERS_ONLY, "evaluator": UNBLOCKERS_ONLY, "citizen": UNBLOCKERS_ONLY}),
        ("report", "get", lambda f: {"content_type_id": ContentType.objects.get_for_model(Proposal).pk,
                                     "object_id": f["proposal"].pk}, None,
         {"moderator": 200, "other_admin": 200, "evaluator": 200, "citizen": 200}),
    ]


CASES = matrix_cases()
ROLES = ("moderator", "other_admin", "evaluator", "citizen", "anonymous")


def test_every_moderation_url_is_in_the_matrix():
    assert {case[0] for case in CASES} == set(PERMISSIONS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_permission_matrix(client, case, role, request, process, proposal, reported, hidden, troll, blocked_troll):
    name, method, kwargs, data, expected = case
    fixtures = {"process": process, "proposal": proposal, "reported": reported, "hidden": hidden, "troll": troll,
                "blocked_troll": blocked_troll}
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    url = reverse(f"moderation:{name}", kwargs=kwargs(fixtures))
    response = getattr(client, method)(url, data or {})
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return
    outcome = expected[role]
    if isinstance(outcome, int):
        assert response.status_code == outcome, response.content.decode()[:300]
    else:
        assert response.status_code == 403
        assert outcome in response.content.decode()


class TestReportForm:
    def test_report_without_javascript(self, client, proposal, citizen):
        client.force_login(citizen)
        page = client.get(proposal.get_absolute_url()).content.decode()
        assert report_url(proposal) in page
        response = client.post(report_url(proposal), {"reason": "off_topic", "text": "Autre commune."})
        assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
        assert Report.objects.get().text == "Autre commune."
        again = client.post(report_url(proposal), {"reason": "spam"})
        assert again.status_code == 400
        assert "You have already reported this." in again.content.decode()

    def test_a_reason_is_required(self, client, proposal, citizen):
        client.force_login(citizen)
        response = client.post(report_url(proposal), {"reason": "", "text": "x"})
        assert response.status_code == 400 and not Report.objects.exists()

    def test_each_comment_and_profile_has_a_report_link(self, client, comment, citizen):
        client.force_login(citizen)
        page = client.get(comment.target.get_absolute_url()).content.decode()
        assert report_url(comment) in page
        profile = client.get(reverse("accounts:profile", kwargs={"nickname": comment.author.nickname}))
        assert report_url(comment.author) in profile.content.decode()

    def test_no_report_link_on_ones_own_content_nor_for_visitors(self, client, comment):
        page = client.get(comment.target.get_absolute_url()).content.decode()
        assert "data-testid=\"report-link\"" not in page
        client.force_login(comment.author)
        page = client.get(comment.target.get_absolute_url()).content.decode()
        assert report_url(comment) not in page

    def test_own_content_is_refused_with_the_reason(self, client, proposal):
        client.force_login(proposal.author)
        response = client.get(report_url(proposal))
        assert response.status_code == 403
        assert "You cannot report your own content." in response.content.decode()

    def test_unreportable_or_missing_targets_are_404(self, client, citizen, process):
        client.force_login(citizen)
        process_type = ContentType.objects.get_for_model(process)
        assert client.get(reverse("moderation:report", kwargs={"content_type_id": process_type.pk,
                                                                "object_id": process.pk})).status_code == 404
        assert client.get(reverse("moderation:report", kwargs={"content_type_id": 9999,
                                                                "object_id": 1})).status_code == 404


class TestQueueAndDecisions:
    def test_the_queue_tabs(self, client, moderator, reported, hidden, process):
        client.force_login(moderator)
        url = reverse("moderation:queue", kwargs={"process_pk": process.pk})
        pending = client.get(url).content.decode()
        assert reported.target.title in pending and hidden.target.title not in pending
        hidden_tab = client.get(url + "?status=hidden").content.decode()
        assert hidden.target.title in hidden_tab and reported.target.title not in hidden_tab
        assert client.get(url + "?status=nonsense").status_code == 200

    def test_hide_from_the_item_page_then_the_author_reads_why(self, client, moderator, comment, citizen):
        services.report_create(user=citizen, target=comment, reason=Report.Reason.OFFENSIVE)
        item = item_of(comment)
        client.force_login(moderator)
        assert comment.body in client.get(reverse("moderation:item", kwargs={"pk": item.pk})).content.decode()
        response = client.post(reverse("moderation:hide", kwargs={"pk": item.pk}), {"justification": "Insultant."})
        assert response.status_code == 302
        assert Comment.objects.get(pk=comment.pk).hidden_reason == "Insultant."
        client.force_login(comment.author)
        page = client.get(comment.target.get_absolute_url()).content.decode()
        assert "Insultant." in page

    def test_an_empty_justification_is_a_message_not_an_error(self, client, moderator, reported):
        client.force_login(moderator)
        response = client.post(reverse("moderation:hide", kwargs={"pk": reported.pk}), {"justification": ""},
                               follow=True)
        assert "Say why this is hidden" in response.content.decode()
        assert item_of(reported.target).status == "pending"

    def test_a_moderator_is_told_why_not_on_their_own_content(self, client, moderator, process, citizen):
        own = ProposalFactory(process=process, author=moderator)
        services.report_create(user=citizen, target=own, reason=Report.Reason.SPAM)
        item = item_of(own)
        client.force_login(moderator)
        page = client.get(reverse("moderation:item", kwargs={"pk": item.pk})).content.decode()
        assert "You cannot moderate your own content" in page
        response = client.post(reverse("moderation:dismiss", kwargs={"pk": item.pk}))
        assert response.status_code == 403
        assert "You cannot moderate your own content" in response.content.decode()

    def test_a_wrong_move_is_a_message(self, client, moderator, reported):
        client.force_login(moderator)
        response = client.post(reverse("moderation:unhide", kwargs={"pk": reported.pk}), follow=True)
        assert "Only hidden content can be shown again." in response.content.decode()

    def test_the_backoffice_home_shows_pending_reports_to_moderators(self, client, moderator, reported, process):
        client.force_login(moderator)
        page = client.get(reverse("backoffice:home")).content.decode()
        assert 'data-panel="moderation.pending"' in page
        assert reverse("moderation:queue", kwargs={"process_pk": process.pk}) in page


class TestBlocking:
    def test_block_from_the_form_then_the_profile_says_so(self, client, moderator, troll):
        client.force_login(moderator)
        response = client.post(reverse("moderation:block", kwargs={"user_pk": troll.pk}), {"reason": "Insultes."})
        assert response.status_code == 302
        assert f"{troll.public_name} is blocked." in client.get(response["Location"]).content.decode()
        profile = client.get(reverse("accounts:profile", kwargs={"nickname": troll.nickname})).content.decode()
        assert "Blocked participant" in profile and troll.public_name not in profile
        assert AuditEntry.objects.filter(action="moderation.block").count() == 1

    def test_a_missing_justification_is_shown_next_to_the_field(self, client, moderator, troll):
        client.force_login(moderator)
        response = client.post(reverse("moderation:block", kwargs={"user_pk": troll.pk}), {"reason": ""})
        assert response.status_code == 400
        troll.refresh_from_db()
        assert not troll.is_blocked

    def test_a_blocked_user_cannot_log_in_and_lifting_restores(self, client, moderator):
        troll = UserFactory(email="troll@example.org")
        troll.set_password("un-mot-de-passe-solide")
        troll.save()
        services.user_block(actor=moderator, user=troll, reason="Insultes répétées.")
        login = {"login": "troll@example.org", "password": "un-mot-de-passe-solide"}
        response = client.post(reverse("account_login"), login)
        assert response.status_code == 403
        page = response.content.decode()
        assert "Your account has been blocked" in page and "Insultes répétées." in page
        assert "_auth_user_id" not in client.session
        services.user_unblock(actor=moderator, user=troll)
        response = client.post(reverse("account_login"), login)
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(troll.pk)

    def test_an_open_session_ends_when_blocked(self, client, moderator, proposal):
        troll = UserFactory()
        client.force_login(troll)
        services.user_block(actor=moderator, user=troll, reason="x")
        response = client.post(
            reverse("comments:create", kwargs={"content_type_id": ContentType.objects.get_for_model(Proposal).pk,
                                               "object_id": proposal.pk}),
            {"body": "Encore moi", "opinion": "neutral"},
        )
        assert response.status_code in (302, 403)
        assert not Comment.objects.filter(author=troll).exists()
        assert "_auth_user_id" not in client.session

    def test_lifting_the_block_lets_them_post_again(self, client, moderator, proposal):
        from apps.comments.services import comment_create

        troll = UserFactory()
        services.user_block(actor=moderator, user=troll, reason="x")
        services.user_unblock(actor=moderator, user=troll)
        troll.refresh_from_db()
        assert comment_create(user=troll, target=proposal, body="Je reviens calmé.", opinion="neutral")
