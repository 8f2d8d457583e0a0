"""Browser tests: the real app (`streamlit run app.py`) in Debian's Chromium, through Playwright.

Each test module gets its own server on a free 127.0.0.1 port with a fresh library folder;
each test gets a fresh browser context (a new writer) and leaves a full-page screenshot
under test-artifacts/. Without /usr/bin/chromium the tests skip, except in CI (CI set),
where a missing browser is a failure. `playwright install` is never needed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from songcraft import appbench

ARTIFACTS = appbench.REPO_ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole run."""
    if not Path(appbench.CHROMIUM).exists():
        message = f"{appbench.CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + ": CI must run the browser tests.")
        pytest.skip(message + ": skipping the browser tests.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = appbench.launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def app(chromium, tmp_path_factory):
    """The real app, serving a fresh library, for the tests of one module."""
    data = tmp_path_factory.mktemp("library")
    server = appbench.start_app(data, log_dir=ARTIFACTS)
    try:
        appbench.wait_until_serving(server)
        yield server
    finally:
        server.stop()


@pytest.fixture
def new_writer(chromium, request):
    """Opens browser contexts (each one a separate writer); screenshots them at the end."""
    contexts = []

    def open_context():
        context = chromium.new_context(viewport={"width": 1400, "height": 1100})
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield open_context
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    for number, context in enumerate(contexts):
        for page in context.pages:
            suffix = f"-{number}" if len(contexts) > 1 else ""
            try:
                page.screenshot(path=ARTIFACTS / f"{name}{suffix}.png", full_page=True)
            except Exception as err:  # a crashed page must not hide the test's own failure
                print(f"no screenshot of {name}{suffix}: {err}")
        context.close()


@pytest.fixture
def page(new_writer):
    return new_writer()
