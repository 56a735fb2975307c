"""Sign-up, log-in and log-out through the real forms in a browser."""

import pytest

from apps.accounts.models import User

pytestmark = pytest.mark.e2e


def test_register_a_new_account(page, demo):
    page.visit("/en/accounts/signup/")
    page.fill("input[name=email]", "nour@example.org")
    page.fill("input[name=display_name]", "Nour Haddad")
    page.fill("input[name=password1]", "a-long-enough-passphrase-42")
    page.fill("input[name=password2]", "a-long-enough-passphrase-42")
    page.check("input[name=accept_terms]")
    # The honeypot field stays out of sight (allauth's inline style is blocked by our CSP; CSS hides it).
    assert (
        not page.locator("input[name=website]").is_visible()
        or page.locator("input[name=website]").bounding_box()["x"] < 0
    )
    page.screenshot_both("signup", full_page=True)

    with page.expect_navigation():
        page.locator("form[action*='/accounts/signup/'] [type=submit]").click()

    user = User.objects.get(email="nour@example.org")
    assert user.display_name == "Nour Haddad"
    assert user.terms_accepted_at is not None
    assert "/accounts/signup/" not in page.url
    # Signed in straight away (e-mail verification is optional outside production).
    assert page.locator("#user-menu").is_visible()
    assert not [error for error in page.errors if "inline style" not in error]  # see the honeypot note above


def test_sign_up_refused_without_accepting_the_terms(page, demo):
    page.visit("/en/accounts/signup/")
    page.fill("input[name=email]", "nour@example.org")
    page.fill("input[name=display_name]", "Nour Haddad")
    page.fill("input[name=password1]", "a-long-enough-passphrase-42")
    page.fill("input[name=password2]", "a-long-enough-passphrase-42")
    # Bypass the browser's own "required" check to see the server's answer.
    page.locator("input[name=accept_terms]").evaluate("el => el.required = false")

    with page.expect_navigation():
        page.locator("form[action*='/accounts/signup/'] [type=submit]").click()

    assert "/accounts/signup/" in page.url
    assert not User.objects.filter(email="nour@example.org").exists()
    assert page.locator(".invalid-feedback, .errorlist, .alert-danger").first.is_visible()


def test_log_in_and_out_with_a_demo_account(page, login):
    login(page, "camille@demo.pbplatform.fr")

    menu = page.locator("#user-menu")
    assert menu.is_visible()
    assert "Camille Durand" in menu.inner_text()
    page.screenshot_both("home-signed-in")

    menu.click()
    with page.expect_navigation():
        page.locator("form[action*='/accounts/logout/'] button[type=submit]").click()
    assert page.locator("#user-menu").count() == 0
    page.assert_clean()


def test_wrong_password_stays_on_the_log_in_page(page, demo):
    page.visit("/en/accounts/login/")
    page.fill("input[name=login]", "camille@demo.pbplatform.fr")
    page.fill("input[name=password]", "not-the-password")
    with page.expect_navigation():
        page.locator("form[action*='/accounts/login/'] [type=submit]").click()
    assert "/accounts/login/" in page.url
    assert page.locator("#user-menu").count() == 0
