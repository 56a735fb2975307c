# pbplatform: one image for the web, worker and beat containers (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=pbplatform.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    PRIVATE_MEDIA_ROOT=/app/private_media

# gettext: compilemessages turns locale/*.po into the .mo files Django reads.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system app \
    && useradd --system --gid app --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first (from pyproject.toml), so code changes don't reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .

# SECRET_KEY here only lets the settings load for compilemessages; the real one comes from .env at run time.
RUN SECRET_KEY=build-only-not-secret python manage.py compilemessages -v 0 \
    && mkdir -p /app/media /app/private_media /app/staticfiles \
    && chown -R app:app /app/media /app/private_media /app/staticfiles

USER app
EXPOSE 8000

CMD ["gunicorn", "pbplatform.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
