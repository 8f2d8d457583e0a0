"""What a writer does in the browser, as small steps the browser tests share."""

from __future__ import annotations

import re

from songcraft import appbench

TIMEOUT_MS = 60_000  # one generation or export on a busy 2-core machine


def open_lyrics(page, app) -> None:
    appbench.open_lyrics(page, app)


def open_page(page, app, path: str, ready: str) -> None:
    """Go to /path and wait until `ready` (a selector) shows."""
    page.goto(f"{app.url}/{path}")
    page.wait_for_selector(ready, timeout=TIMEOUT_MS)


def go_to(page, title: str, ready: str) -> None:
    """Follow the sidebar link to a page, as a writer would (keeps the session)."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).click()
    page.wait_for_selector(ready, timeout=TIMEOUT_MS)


def choose(page, widget_key: str, option: str) -> None:
    """Pick an option of a keyed selectbox and wait until the box shows it."""
    page.locator(f".st-key-{widget_key}").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_function(
        "([selector, option]) => document.querySelector(selector)?.value === option",
        arg=[f".st-key-{widget_key} input", option],
        timeout=TIMEOUT_MS,
    )


def type_option(page, widget_key: str, text: str) -> None:
    """Type a value into a selectbox that accepts new options."""
    page.locator(f".st-key-{widget_key} input").fill(text)
    page.keyboard.press("Enter")


def click(page, scope: str, name: str) -> None:
    """Click the button called `name` inside the element matching `scope`."""
    page.locator(scope).get_by_role("button", name=name, exact=True).click()


def expect_error(page, text: str) -> str:
    """Wait for an error box containing `text`; no traceback may show. Returns the message."""
    box = page.locator(appbench.ERROR).filter(has_text=text)
    box.first.wait_for(timeout=TIMEOUT_MS)
    assert not page.locator(appbench.TRACEBACK).count()
    return box.first.inner_text()


def expect_success(page, text: str) -> str:
    box = page.locator('[data-testid="stAlertContentSuccess"]').filter(has_text=text)
    box.first.wait_for(timeout=TIMEOUT_MS)
    return box.first.inner_text()


def candidate_lines(page, index: int) -> list[str]:
    """A lyric candidate's lines, from its copy box (the text exactly as generated)."""
    code = page.locator(f".st-key-lyrics_cand_{index} code").first
    return [line for line in (code.text_content() or "").splitlines() if line.strip()]


def count(page, selector: str) -> int:
    return page.locator(selector).count()


def chord_names(page, index: int) -> list[str]:
    """The chord names of a progression candidate: the upper row of each pair of rows."""
    code = page.locator(f".st-key-chords_cand_{index} code").first.text_content() or ""
    rows = [row for row in code.splitlines() if row.strip()]
    return [name for row in rows[::2] for name in re.findall(r"[^\s|]+", row)]
