"""What a person does in the browser: sign in, sign out, pick a language."""

from __future__ import annotations

from typing import Any

from safety.accounts.demo import DEMO_PASSWORD


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
    """Press the header's button for `language`: one click, no JavaScript needed."""
    with page.expect_navigation():
        page.click(f"header form.language-switcher button[value={language}]")
    page.wait_for_load_state()


def page_language(page: Any) -> str:
    """The page's language code; Serbian pages say "sr-Latn", which must map back to "sr"."""
    tag = page.get_attribute("html", "lang")
    assert tag in ("sq", "sr-Latn", "en"), tag
    return tag.split("-")[0]


# The WCAG 2.0 and 2.1 success criteria at levels A and AA, as axe-core tags its rules.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING_IMPACTS = frozenset({"critical", "serious"})


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; return its critical and serious WCAG violations.

    axe is injected with `page.evaluate`, which goes through the DevTools protocol and so is
    not subject to the page's Content-Security-Policy: the tests need no `bypass_csp`.
    """
    # Imported here, like Playwright, so the rest of the suite runs without the dev extras.
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": list(WCAG_TAGS)}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict[str, Any]], targets: int = 3) -> list[str]:
    """One line per rule: id, impact, how many elements and the first `targets` selectors."""
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        # A target is a list of selectors: one per frame or shadow root on the way down.
        selectors = ", ".join(" ".join(map(str, node["target"])) for node in nodes[:targets])
        more = f" (+{len(nodes) - targets} more)" if len(nodes) > targets else ""
        lines.append(
            f"{violation['id']} [{violation['impact']}] {violation['help']}: {selectors}{more}"
        )
    return lines
