import re
import secrets
import unicodedata


def slug_for_nickname(text):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9_]+", "_", ascii_text).strip("_").lower()[:24]
    return base if len(base) >= 3 else f"user_{base}".strip("_")


def unique_nickname(text):
    from .models import User

    base = slug_for_nickname(text)
    candidate = base
    while User.objects.filter(nickname__iexact=candidate).exists():
        candidate = f"{base}_{secrets.randbelow(10000):04d}"
    return candidate
