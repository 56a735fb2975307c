"""Demo: the agent appoints a second evaluator for the consultation from the back-office (an audited role change)."""

from django.contrib.auth import get_user_model

from apps.spaces.models import ProcessRole

from .services import process_role_add

EMAIL = "evaluatrice2@demo.pbplatform.fr"


def seed(context):
    User = get_user_model()
    user = User.objects.filter(email=EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            email=EMAIL,
            password=context["password"],
            display_name="Julie Moreau (médiathèques)",
            nickname="julie",
            postal_code="59800",
        )
    process = context["processes"]["consultation"]
    if not ProcessRole.objects.filter(process=process, user=user, role=ProcessRole.Role.EVALUATOR).exists():
        process_role_add(
            actor=context["users"]["agent"], process=process, user=user, role=ProcessRole.Role.EVALUATOR
        )
