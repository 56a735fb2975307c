"""Machine translation providers behind one small interface, chosen in the environment.

`get_provider()` is None unless MACHINE_TRANSLATION_PROVIDER names one:
- "libretranslate": a LibreTranslate server (self-hosted), LIBRETRANSLATE_URL and optionally LIBRETRANSLATE_API_KEY;
- "deepl": DeepL's API, DEEPL_API_KEY and DEEPL_API_URL (the free plan's https://api-free.deepl.com by default).

A provider translates a list of texts into one language and says which language it found them in. It speaks
HTTP with the standard library (no SDK to keep up to date) and raises ProviderError on any failure, which the
task retries.
"""

import json
import urllib.error
import urllib.request
from typing import NamedTuple

from django.conf import settings

TIMEOUT = 15  # seconds: a background task, but a stuck provider must not hold a worker for ever


class ProviderError(Exception):
    pass


class Translated(NamedTuple):
    text: str
    source_language: str  # as the provider detected it, lower case ("fr")


def _post_json(url, payload, headers=None):
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json", **(headers or {})},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - an https URL from settings
            return json.loads(response.read().decode())
    except (urllib.error.URLError, TimeoutError, ValueError, OSError) as error:
        raise ProviderError(f"{url}: {error}") from error


class LibreTranslate:
    name = "libretranslate"
    label = "LibreTranslate"

    def __init__(self, *, url, api_key=""):
        self.url = url.rstrip("/")
        self.api_key = api_key

    def translate(self, texts, *, target):
        payload = {"q": list(texts), "source": "auto", "target": target, "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        data = _post_json(f"{self.url}/translate", payload)
        try:
            found = data["translatedText"]
            detected = data.get("detectedLanguage") or [{}] * len(texts)
            if isinstance(found, str):  # a single text answers with single values
                found, detected = [found], [detected]
            return [
                Translated(text, (language or {}).get("language", "").lower())
                for text, language in zip(found, detected, strict=True)
            ]
        except (KeyError, TypeError, ValueError) as error:
            raise ProviderError(f"LibreTranslate answered {data!r}") from error


class DeepL:
    name = "deepl"
    label = "DeepL"
    # DeepL wants a variant for English (EN alone is deprecated as a target); other languages are upper-cased.
    TARGETS = {"en": "EN-GB", "pt": "PT-PT"}

    def __init__(self, *, api_key, url="https://api-free.deepl.com"):
        self.api_key = api_key
        self.url = url.rstrip("/")

    def translate(self, texts, *, target):
        data = _post_json(
            f"{self.url}/v2/translate",
            {"text": list(texts), "target_lang": self.TARGETS.get(target, target.upper())},
            headers={"Authorization": f"DeepL-Auth-Key {self.api_key}"},
        )
        try:
            return [
                Translated(item["text"], item.get("detected_source_language", "").split("-")[0].lower())
                for item in data["translations"]
            ]
        except (KeyError, TypeError) as error:
            raise ProviderError(f"DeepL answered {data!r}") from error


def get_provider():
    name = getattr(settings, "MACHINE_TRANSLATION_PROVIDER", "")
    if name == LibreTranslate.name and settings.LIBRETRANSLATE_URL:
        return LibreTranslate(url=settings.LIBRETRANSLATE_URL, api_key=settings.LIBRETRANSLATE_API_KEY)
    if name == DeepL.name and settings.DEEPL_API_KEY:
        return DeepL(api_key=settings.DEEPL_API_KEY, url=settings.DEEPL_API_URL)
    return None


def is_enabled():
    return get_provider() is not None
