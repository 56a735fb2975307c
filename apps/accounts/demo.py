from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from .models import Demographics, User

DEMO_PASSWORD = "demo-budget-2026"

# Optional answers of some citizens (the settings page shows them; statistics only ever count groups).
DEMO_DEMOGRAPHICS = {
    "camille": {"gender": Demographics.Gender.WOMAN, "birth_year": 1986},
    "karim": {"socio_professional_category": Demographics.SocioProfessionalCategory.EMPLOYEE},
}

# The demo's oldest process began about eighteen months ago: its people joined before it, not on the day of seeding.
MEMBERS_SINCE = timedelta(days=800)

DEMO_USERS = [
    # (key, role label, e-mail, display name, superuser)
    ("admin", "Site administrator", "admin@demo.pbplatform.fr", "Administratrice du site", True),
    ("agent", "Process admin (agent)", "agent@demo.pbplatform.fr", "Sophie Martin (mairie)", False),
    ("evaluator", "Evaluator", "evaluateur@demo.pbplatform.fr", "Paul Bernard (services techniques)", False),
    ("moderator", "Moderator", "moderateur@demo.pbplatform.fr", "Nadia Rousseau (modération)", False),
    ("camille", "Citizen", "camille@demo.pbplatform.fr", "Camille Durand", False),
    ("karim", "Citizen", "karim@demo.pbplatform.fr", "Karim Benali", False),
    ("lea", "Citizen", "lea@demo.pbplatform.fr", "Léa Petit", False),
]


def seed(context):
    context["password"] = DEMO_PASSWORD
    context.setdefault("logins", [])
    context["users"] = {}
    for key, label, email, name, superuser in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            create = User.objects.create_superuser if superuser else User.objects.create_user
            user = create(email=email, password=DEMO_PASSWORD, display_name=name, nickname=key)
        user.display_name = name
        user.postal_code = "59800"
        user.date_joined = min(user.date_joined, timezone.now() - MEMBERS_SINCE)
        user.save()
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if key in DEMO_DEMOGRAPHICS:
            Demographics.objects.update_or_create(user=user, defaults=DEMO_DEMOGRAPHICS[key])
        context["users"][key] = user
        context["logins"].append((label, email))
