"""What a person does in the browser: sign in, sign out, pick a language."""

from __future__ import annotations

from typing import Any

from safety.demo import DEMO_PASSWORD


def sign_in(page: Any, email: str, password: str = DEMO_PASSWORD) -> int:
    """Fill in and submit the sign-in form, as a person would; return the last page's status."""
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation() as navigation:
        page.click("main form button[type=submit]")
    page.wait_for_load_state()
    return navigation.value.status


def sign_out(page: Any) -> None:
    page.click("header form[action='/logout'] button[type=submit]")
    page.wait_for_load_state()


def switch_language(page: Any, language: str) -> None:
    """Choose `language` in the header's switcher and submit it (works without JavaScript)."""
    page.select_option("#language-select", language)
    page.click("form.language-form button[type=submit]")
    page.wait_for_load_state()


def page_language(page: Any) -> str:
    return page.get_attribute("html", "lang")
