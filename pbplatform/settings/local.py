from .base import *  # noqa: F401,F403
from .env import env_bool, env_sender, env_str

# `make run` shows what residents get, the designed 404 and 500 pages included; DEBUG=true turns Django's debug
# pages (which list every URL pattern) back on for those who want them.
DEBUG = env_bool("DEBUG", False)
# Static files straight from the apps' folders, and uploaded files served, with or without DEBUG.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# The demo town's name in the header, titles and e-mails (SITE_NAME sets another).
SITE_NAME = env_str("SITE_NAME", "Villeneuve-sur-Lys participe")
DEFAULT_FROM_EMAIL = env_sender(SITE_NAME)
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
