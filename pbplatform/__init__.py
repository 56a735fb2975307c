# The Celery app is made on first use, not at Django's start-up: importing Celery costs about 0.3 s, which every
# management command (tally, import_pabulib...) would pay. Whatever sends a task imports apps.core.tasks first (every
# app's tasks.py does), and that module imports pbplatform.celery; `celery -A pbplatform` finds pbplatform.celery.


def __getattr__(name):
    if name == "celery_app":
        from .celery import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ("celery_app",)
