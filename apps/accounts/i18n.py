"""Send a participant to the same page in their preferred language."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation


def url_in_language(url, language):
    """`url` translated into `language` ("/fr/processes/x/" -> "/en/processes/x/").

    URLs outside the language-prefixed patterns (the bare "/" of LOGIN_REDIRECT_URL) become the home page in
    that language; anything else that cannot be resolved is returned unchanged.
    """
    if not url or language not in dict(settings.LANGUAGES):
        return url
    parts = urlsplit(url)
    path_language = translation.get_language_from_path(parts.path)
    if path_language is None:
        if parts.path in ("", "/") and not parts.netloc:
            with translation.override(language):
                home = reverse("spaces:home")
            return urlunsplit(("", "", home, parts.query, parts.fragment))
        return url
    if path_language == language:
        return url
    # translate_url resolves the path with the active language's prefix.
    with translation.override(path_language):
        return translate_url(url, language)
