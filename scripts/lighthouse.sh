#!/usr/bin/env bash
# `make lighthouse`: Lighthouse 12.2.3 (from npm, installed into .lighthouse/, which git ignores) with Debian's
# Chromium, on a phone (Lighthouse's default mobile emulation), against the demo database served with the
# production settings (gunicorn, DEBUG off, WhiteNoise's compressed and hashed static files, gzip'd pages).
# Pages: the home page, the process page, the proposal list and a proposal. Reports go to .lighthouse/reports/
# (HTML and JSON); a table of the scores is printed at the end. See docs/lighthouse.md.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
PORT=${LIGHTHOUSE_PORT:-8765}
CHROMIUM=${PB_CHROMIUM:-/usr/bin/chromium}
LH=.lighthouse/node_modules/.bin/lighthouse
OUT=.lighthouse/reports
BASE="http://127.0.0.1:$PORT"
PROCESS=${LIGHTHOUSE_PROCESS:-budget-participatif-2026}

if [ ! -x "$LH" ]; then
  npm install --prefix .lighthouse --no-save --no-package-lock --no-audit --no-fund lighthouse@12.2.3
fi
mkdir -p "$OUT"

export DJANGO_SETTINGS_MODULE=pbplatform.settings.production
export SECRET_KEY=${SECRET_KEY:-$($PYTHON -c 'import secrets; print(secrets.token_urlsafe(64))')}
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 SERVE_MEDIA=true LOG_FORMAT=text
export LOG_LEVEL=WARNING

$PYTHON manage.py collectstatic --noinput -v 0
PROPOSAL=$($PYTHON manage.py shell -v 0 -c "
from apps.proposals.models import Proposal
p = Proposal.objects.filter(process__slug='$PROCESS', status='published').order_by('pk').first()
print(p.pk if p else '')")

.venv/bin/gunicorn pbplatform.wsgi --bind "127.0.0.1:$PORT" --workers 2 --log-level warning &
SERVER=$!
trap 'kill $SERVER' EXIT
for _ in $(seq 50); do curl -fs -o /dev/null "$BASE/fr/" && break; sleep 0.2; done

run() {  # name path
  "$LH" "$BASE$2" --quiet --chrome-path="$CHROMIUM" --chrome-flags="--headless=new --no-sandbox" \
    --only-categories=performance,accessibility,best-practices,seo \
    --output=json --output=html --output-path="$OUT/$1"
}
run home /fr/
run process "/fr/processes/$PROCESS/"
run list "/fr/processes/$PROCESS/proposals/"
if [ -n "$PROPOSAL" ]; then run proposal "/fr/processes/$PROCESS/proposals/$PROPOSAL/"; fi

$PYTHON - "$OUT" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
print("| page | Performance | Accessibility | Best practices | SEO | FCP | LCP | TBT | CLS |")
print("|---|---|---|---|---|---|---|---|---|")
for name in ("home", "process", "list", "proposal"):
    path = out / f"{name}.report.json"
    if not path.exists():
        continue
    report = json.loads(path.read_text())
    cats, audits = report["categories"], report["audits"]
    score = lambda key: round(cats[key]["score"] * 100)
    metric = lambda key: audits[key]["displayValue"].replace("\xa0", " ")
    print(f"| {name} | {score('performance')} | {score('accessibility')} | {score('best-practices')} | "
          f"{score('seo')} | {metric('first-contentful-paint')} | {metric('largest-contentful-paint')} | "
          f"{metric('total-blocking-time')} | {metric('cumulative-layout-shift')} |")
PY
