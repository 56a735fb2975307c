"""The API's documentation page in a real browser: Swagger UI starts under the CSP, with no JavaScript error,
lists the endpoints and its "Try it out" answers from the API; it is linked from the footer."""

import pytest

from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_api_docs_page_runs_swagger_ui_under_the_csp(page_factory, demo, viewport):
    page = page_factory(viewport=PHONE) if viewport == "phone" else page_factory()
    page.visit("/en/")
    with page.expect_navigation():
        page.by_testid("footer-api").click()
    assert page.path() == "/api/v1/docs/"
    # Swagger UI has read the schema and drawn one section per list.
    page.locator(".swagger-ui .opblock-tag-section").first.wait_for()
    tags = page.locator(".swagger-ui .opblock-tag").all_inner_texts()
    assert any("proposals" in tag for tag in tags), tags
    # "Try it out" on the list of processes, as a visitor would.
    page.locator("#operations-processes-processes_list").click()
    page.locator("#operations-processes-processes_list .try-out__btn").click()
    page.locator("#operations-processes-processes_list .execute").click()
    body = page.locator("#operations-processes-processes_list .responses-wrapper .live-responses-table")
    body.wait_for()
    assert "budget-des-quartiers" in body.inner_text()
    page.assert_clean()
