"""Demo newsletters: a few residents opted in; one newsletter already sent to everyone who opted in (with its
delivery figures) and a draft to the participants of the budget process, which the agent can preview, test and
send from the back-office, each in French, English and Spanish. Idempotent: matched by their French subject; a
draft seeded before it had its Spanish texts gets them (only the empty fields: a text edited in the back-office
stays)."""

from datetime import timedelta

from django.utils import timezone

from . import services
from .models import Newsletter

OPTED_IN = ("camille", "karim", "lea", "voter")

SENT = {
    "subject_fr": "Le budget participatif 2026 est lancé",
    "subject_en": "The 2026 participatory budget has started",
    "subject_es": "Arranca el presupuesto participativo 2026",
    "body_fr": "<p>Bonjour,</p><p>Jusqu'à la fin du mois, proposez vos idées pour la ville : un banc, un verger, "
               "une piste cyclable… Les services de la mairie étudieront chacune d'elles, puis vous voterez.</p>"
               "<ul><li>Déposez une idée en ligne ou à la médiathèque.</li><li>Soutenez celles des autres.</li>"
               "</ul><p><a href=\"/fr/processes/budget-participatif-2026/\">Voir le budget participatif</a></p>",
    "body_en": "<p>Hello,</p><p>Until the end of the month, propose your ideas for the town: a bench, an orchard, "
               "a cycle lane… The town hall's services will study each of them, then you will vote.</p>"
               "<ul><li>Post an idea online or at the library.</li><li>Support other people's ideas.</li></ul>"
               "<p><a href=\"/en/processes/budget-participatif-2026/\">See the participatory budget</a></p>",
    "body_es": "<p>Hola:</p><p>Hasta final de mes, propón tus ideas para la ciudad: un banco, un huerto, un "
               "carril bici… Los servicios municipales estudiarán cada una y después votarás.</p>"
               "<p><a href=\"/es/processes/budget-participatif-2026/\">Ver el presupuesto participativo</a></p>",
    "segment": Newsletter.Segment.EVERYONE,
}

DRAFT = {
    "subject_fr": "Atelier du budget participatif : inscrivez-vous",
    "subject_en": "Participatory budget workshop: sign up",
    "subject_es": "Taller del presupuesto participativo: inscríbase",
    "body_fr": "<p>Merci d'avoir participé au budget participatif !</p><p>Un atelier à la médiathèque vous aide à "
               "écrire votre idée pas à pas. Les places sont limitées.</p>",
    "body_en": "<p>Thank you for taking part in the participatory budget!</p><p>A workshop at the library helps you "
               "write your idea step by step. Seats are limited.</p>",
    "body_es": "<p>¡Gracias por participar en el presupuesto participativo!</p><p>Un taller en la biblioteca le "
               "ayuda a redactar su idea paso a paso. Las plazas son limitadas.</p>",
    "segment": Newsletter.Segment.PROCESS,
}


def _fill_spanish(spec):
    """The draft of `spec` gets the Spanish texts it lacks (never one that is already there; a newsletter already
    sent is not changed, as in the back-office)."""
    newsletter = Newsletter.objects.filter(subject_fr=spec["subject_fr"]).first()
    if newsletter is None or not newsletter.is_draft:
        return
    texts = {field: spec[field] for field in ("subject_es", "body_es")}
    empty = {field: value for field, value in texts.items() if value and not getattr(newsletter, field)}
    if empty:
        Newsletter.objects.filter(pk=newsletter.pk).update(**empty)


def seed(context):
    users = context["users"]
    for key in OPTED_IN:
        if key in users and not users[key].newsletter_opt_in:
            services.newsletter_consent_set(user=users[key], value=True)
    admin, agent = users["admin"], users["agent"]
    if not Newsletter.objects.filter(subject_fr=SENT["subject_fr"]).exists():
        newsletter = services.newsletter_save(actor=admin, data=SENT)
        services.newsletter_send(newsletter=newsletter, actor=admin)
        # Sent now, in the seed's transaction (the queued task then finds nothing left to send).
        while not services.deliveries_send_batch(newsletter_id=newsletter.pk)["finished"]:
            pass
        Newsletter.objects.filter(pk=newsletter.pk).update(
            sent_at=timezone.now() - timedelta(days=12),
            sending_started_at=timezone.now() - timedelta(days=12),
        )
    budget = context["processes"]["budget"]
    if not Newsletter.objects.filter(subject_fr=DRAFT["subject_fr"]).exists():
        services.newsletter_save(actor=agent, data={**DRAFT, "process": budget})
    _fill_spanish(DRAFT)
