"""A participant's full footprint (as in the review's probe_account.py), for the erasure and export tests."""

import io
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from apps.comments.services import comment_store, comment_vote
from apps.notifications.services import follow_add
from apps.proposals.attachments import attachment_add
from apps.proposals.services import proposal_publish
from tests.factories import CommentFactory, PhaseFactory, ProcessFactory, ProposalFactory, UserFactory

EMAIL = "zebulon.secretname@example.org"
DISPLAY_NAME = "Zébulon Secretname"
NICKNAME = "zebsecret"
DRAFT_TITLE = "PRIVATE-DRAFT title never published"
DRAFT_BODY = "PRIVATE-DRAFT-TEXT my health details"
DRAFT_FILE = "dossier-medical-zebulon.pdf"
DRAFT_PDF = b"%PDF-1.7\nPRIVATE-PDF-CONTENT of the draft\n"
PHOTO_FILE = "vacances-famille-zebulon.jpg"
PUBLISHED_TITLE = "Zebulon's published bench proposal"


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


@dataclass
class Footprint:
    person: object
    draft: object
    published: object
    comment: object
    neighbour: object
    secrets: list = field(default_factory=list)


def build_footprint():
    """Everything a participant can leave: profile, demographics, a published proposal with a photo, a draft
    with a PDF, a comment (notifying others), a reply, a vote, a support, follows."""
    process = ProcessFactory()
    PhaseFactory(process=process)
    person = UserFactory(
        email=EMAIL,
        display_name=DISPLAY_NAME,
        nickname=NICKNAME,
        birth_year=1980,
        postal_code="59800",
        gender="woman",
        terms_version="v1",
        terms_accepted_at=timezone.now(),
    )
    neighbour = UserFactory(display_name="Camille Voisine", language="en")
    other = ProposalFactory(process=process, author=neighbour, title="The neighbour's idea for the park")
    follow_add(user=neighbour, target=other)

    published = ProposalFactory(
        process=process, author=person, status="draft", published_at=None, reference=None, title=PUBLISHED_TITLE
    )
    attachment_add(proposal=published, uploaded_file=SimpleUploadedFile(PHOTO_FILE, jpeg_bytes()), user=person)
    proposal_publish(proposal=published, user=person)

    draft = ProposalFactory(
        process=process, author=person, status="draft", published_at=None, reference=None,
        title=DRAFT_TITLE, body=DRAFT_BODY,
    )
    attachment_add(proposal=draft, uploaded_file=SimpleUploadedFile(DRAFT_FILE, DRAFT_PDF), user=person)

    # A comment on the neighbour's proposal (the neighbour follows it: a notification naming the person),
    # and a reply to the neighbour's comment.
    comment = comment_store(
        target=other, process=process, parent=None, author=person, body="I like it a lot.", opinion="in_favour"
    )
    theirs = CommentFactory(target=other, author=neighbour)
    comment_store(target=other, process=process, parent=theirs, author=person, body="Indeed.", opinion="neutral")
    comment_vote(user=person, comment=theirs, value=1)
    follow_add(user=person, target=other)
    from apps.supports.models import Support

    Support.objects.create(user=person, proposal=other, process=process)
    secrets = [EMAIL, DISPLAY_NAME, NICKNAME, DRAFT_TITLE, DRAFT_BODY, DRAFT_FILE, PHOTO_FILE]
    return Footprint(
        person=person, draft=draft, published=published, comment=comment, neighbour=neighbour, secrets=secrets
    )
