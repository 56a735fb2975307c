"""What spaces holds about a user, for "delete my account" (registered in SpacesConfig.ready)."""

from .models import ProcessRole


def erase_process_roles(user):
    """A deleted account keeps no role: it can no longer administer, evaluate or moderate a process."""
    ProcessRole.objects.filter(user=user).delete()
