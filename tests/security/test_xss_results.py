"""Section 8 (a) for results tracking: the XSS corpus through every text an agent enters on a result (title, rich
description, district, address, status name, timeline entry, photo description), checked in the public list, the map's
JSON, the result's page and the back-office screens."""

import datetime
from decimal import Decimal

import pytest
from django.utils.html import escape

from apps.results.models import TimelineImage
from apps.spaces.models import ProcessRole
from apps.spaces.phases import PhaseKind
from tests.factories import PhaseFactory, ProcessFactory, ProcessRoleFactory, UserFactory
from tests.results.factories import ResultFactory, ResultStatusFactory, TimelineEntryFactory

from .counts import count
from .payloads import PAYLOADS, json_blocks, live_markup

pytestmark = pytest.mark.django_db


def scan(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    count("xss: pages scanned")
    return html, live_markup(html)


def test_result_texts_are_escaped_everywhere(client):
    process = ProcessFactory()
    PhaseFactory(process=process, kind=PhaseKind.RESULTS)
    results = []
    for index, payload in enumerate(PAYLOADS):
        status = ResultStatusFactory(
            process=process, key=f"s{index}", name_en=payload[:100], description_en=payload[:300]
        )
        result = ResultFactory(
            process=process,
            title_en=payload[:200],
            description_en=f"<p>{payload}</p>",
            district=payload[:80],
            address=payload[:255],
            status=status,
            latitude=Decimal("50.600000") + Decimal(index) / 1000,
            longitude=Decimal("3.060000"),
        )
        entry = TimelineEntryFactory(
            result=result, title_en=payload[:200], description_en=payload, date=datetime.date(2026, 1, 1)
        )
        TimelineImage.objects.create(entry=entry, image="results/timeline/x.png", alt_text=payload[:200])
        results.append(result)
    base = f"/en/processes/{process.slug}/tracking/"
    for url in (base, f"{base}?page=2", f"{base}?district={PAYLOADS[3][:80]}"):
        assert scan(client, url)[1] == [], url
    html, problems = scan(client, f"{base}?view=map")
    assert problems == []
    (points,) = json_blocks(html)
    assert {point["title"] for point in points} == {r.title_en for r in results}
    for result in results:
        html, problems = scan(client, f"{base}{result.pk}/")
        assert problems == [], (result.title_en, problems)
        assert escape(result.title_en) in html
    agent = UserFactory(terms_version="")
    ProcessRoleFactory(process=process, user=agent, role=ProcessRole.Role.ADMIN)
    client.force_login(agent)
    staff = f"/en/backoffice/processes/{process.slug}/results/"
    for url in (staff, f"{staff}statuses/", f"/en/backoffice/results/{results[0].pk}/",
                f"/en/backoffice/results/{results[0].pk}/timeline/"):
        assert scan(client, url)[1] == [], url
    count("xss: texts entered", len(results) * 7)
