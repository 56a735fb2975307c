import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_settings_page_loads_the_other_apps_rows_in_one_query(client, django_assert_max_num_queries):
    """Demographics and the e-mail frequency live in their own rows: the page joins them to one reload of the
    user, whether they exist or not."""
    plain = UserFactory()
    full = UserFactory(gender="woman", birth_year=1980, email_frequency="daily")
    client.force_login(plain)
    client.get("/en/me/settings/")  # warm the session and caches
    with django_assert_max_num_queries(50) as captured:
        client.get("/en/me/settings/")
    few, sqls = len(captured), [query["sql"] for query in captured.captured_queries]
    client.force_login(full)
    client.get("/en/me/settings/")
    with django_assert_max_num_queries(few):
        html = client.get("/en/me/settings/").content.decode()
    assert 'value="1980"' in html and '<option value="daily" selected>' in html
    assert sum("demographics" in sql for sql in sqls) == 1
