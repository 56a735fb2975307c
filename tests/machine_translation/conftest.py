"""A fake LibreTranslate (and DeepL) server run by the test itself on 127.0.0.1: nothing calls the internet.

It "translates" by prefixing the target language ("[en] Des bancs…"), detects English when a text contains
" the ", French otherwise, and records every text it was asked to translate, with the target language.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class FakeTranslator:
    def __init__(self):
        self.calls = []  # (text, target)
        self.fail = False
        self.requests = []  # (path, headers)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @staticmethod
    def detect(text):
        return "en" if " the " in f" {text.lower()} " else "fr"

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode())
                fake.requests.append((self.path, dict(self.headers)))
                if fake.fail:
                    self.send_response(500)
                    self.end_headers()
                    self.wfile.write(b"boom")
                    return
                if self.path == "/translate":  # LibreTranslate
                    target, texts = body["target"], body["q"]
                    answer = {
                        "translatedText": [f"[{target}] {text}" for text in texts],
                        "detectedLanguage": [{"language": fake.detect(t), "confidence": 90} for t in texts],
                    }
                else:  # DeepL: /v2/translate
                    target, texts = body["target_lang"], body["text"]
                    answer = {
                        "translations": [
                            {"detected_source_language": fake.detect(t).upper(), "text": f"[{target}] {t}"}
                            for t in texts
                        ]
                    }
                fake.calls.extend((text, target) for text in texts)
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_translator():
    fake = FakeTranslator()
    yield fake
    fake.close()


@pytest.fixture
def libretranslate(settings, fake_translator):
    settings.MACHINE_TRANSLATION_PROVIDER = "libretranslate"
    settings.LIBRETRANSLATE_URL = fake_translator.url
    settings.LIBRETRANSLATE_API_KEY = ""
    return fake_translator


@pytest.fixture
def deepl(settings, fake_translator):
    settings.MACHINE_TRANSLATION_PROVIDER = "deepl"
    settings.DEEPL_API_KEY = "secret-key:fx"
    settings.DEEPL_API_URL = fake_translator.url
    return fake_translator
