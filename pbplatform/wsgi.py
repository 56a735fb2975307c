import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbplatform.settings.production")
application = get_wsgi_application()

# What the app loaded so far lives as long as the process: out of the collector's sight, a full collection no longer
# walks it (about 190,000 objects, a pause of 100 ms and more in the middle of some request) and forked workers
# keep sharing its memory pages (the Python documentation's advice for gc.freeze()).
gc.freeze()
