"""Time the app as a writer meets it: launch to first page, to first continuation, and later ones.

`python -m songcraft bench app` starts the real Streamlit server on a free 127.0.0.1 port and
drives it with Playwright and the system Chromium. The browser tests in tests/e2e start the
server and the browser with the same helpers, so the benchmark and the tests see the same app.
Playwright is imported only inside the functions that need it.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from songcraft.errors import SongcraftError

REPO_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT_S = 60.0  # a cold server imports TensorFlow-free code only; a minute is generous
GENERATE_TIMEOUT_S = 60.0  # one generation on a busy 2-core machine
LYRICS_PATH = ""  # the Lyrics page opens first, at the app's root URL
START_LINE = ".st-key-lyrics_start input"  # the starting-line box (keyed widget container)
ROUND = ".st-key-lyrics_done_{n}"  # shown once every candidate of generation n is on screen
TRACEBACK = '[data-testid="stException"]'
ERROR = '[data-testid="stAlertContentError"]'


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    """A `streamlit run app.py` process serving on 127.0.0.1."""

    process: subprocess.Popen
    port: int
    log_path: Path
    started: float = field(default_factory=time.perf_counter)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_app(
    data_dir: str | Path, port: int | None = None, log_dir: str | Path | None = None, seed: int = 1
):
    """Launch the app (not waiting for it); the library and models live under `data_dir`.

    Generate clicks draw seeds `seed`, `seed + 1`... (SONGCRAFT_SEED), so runs replay exactly.
    """
    port = port or free_port()
    log_path = Path(log_dir or data_dir) / f"streamlit-{port}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "SONGCRAFT_DATA_DIR": str(data_dir),
        "SONGCRAFT_SEED": str(seed),
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    started = time.perf_counter()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    return AppServer(process, port, log_path, started)


def wait_until_serving(server: AppServer, timeout: float = START_TIMEOUT_S) -> float:
    """Seconds from launch until the server answers its health check."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if server.process.poll() is not None:
            raise SongcraftError(f"the app exited during start-up:\n{server.log()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return time.perf_counter() - server.started
        except OSError:
            time.sleep(0.05)
    raise SongcraftError(f"the app did not answer within {timeout:.0f} s:\n{server.log()[-2000:]}")


def launch_chromium(playwright):
    """Debian's Chromium, headless, with nothing that phones home."""
    if not Path(CHROMIUM).exists():
        raise SongcraftError(f"{CHROMIUM} is missing: install Debian's chromium package")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def page_errors(page) -> list[str]:
    """The texts of the error boxes the page shows now."""
    return [text.strip() for text in page.locator(ERROR).all_inner_texts()]


def wait_for(page, selector: str, timeout: float) -> None:
    """Wait until `selector` is visible; fail at once on a traceback, and name any error shown.

    Error boxes are only reported at the end: one left from the last run stays on screen
    until the new run replaces it, so seeing one early proves nothing.
    """
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if page.locator(selector).first.is_visible():
            return
        if page.locator(TRACEBACK).count():
            raise SongcraftError(f"the page shows a traceback: {page.inner_text(TRACEBACK)[:300]}")
        page.wait_for_timeout(25)
    shown = "; ".join(page_errors(page)) or "no error shown"
    raise SongcraftError(f"nothing matching {selector} appeared within {timeout:.0f} s ({shown})")


def open_lyrics(page, server: AppServer, timeout: float = START_TIMEOUT_S) -> float:
    """Go to the Lyrics page (retrying while the server comes up) and wait until it is usable.

    Returns seconds from launch until the server first answered the page.
    """
    deadline = time.perf_counter() + timeout
    while True:
        try:
            page.goto(f"{server.url}/{LYRICS_PATH}", timeout=5000)
            break
        except Exception:  # the server is not listening yet: Playwright raises its own Error
            if time.perf_counter() > deadline or server.process.poll() is not None:
                raise SongcraftError(f"the app did not open:\n{server.log()[-2000:]}") from None
            time.sleep(0.05)
    answered = time.perf_counter() - server.started
    wait_for(page, START_LINE, max(deadline - time.perf_counter(), 1.0))
    return answered


def generate_round(page, line: str, number: int, timeout: float = GENERATE_TIMEOUT_S) -> float:
    """Type `line`, press Enter and wait for generation `number`; seconds it took."""
    box = page.locator(START_LINE)
    box.fill(line)
    started = time.perf_counter()
    box.press("Enter")
    wait_for(page, ROUND.format(n=number), timeout)
    return time.perf_counter() - started


@dataclass
class AppFigures:
    server_answers_s: float  # launch -> the server sends the page
    page_usable_s: float  # launch -> the starting-line box can be typed in
    first_continuation_s: float  # launch -> the first candidates are on screen
    first_request_s: float  # Enter -> the first candidates (cold model load included)
    later_requests_s: list[float]  # Enter -> candidates, once the model is loaded

    def summary(self) -> dict:
        later = self.later_requests_s
        return {
            "server_answers_s": round(self.server_answers_s, 2),
            "page_usable_s": round(self.page_usable_s, 2),
            "first_continuation_s": round(self.first_continuation_s, 2),
            "first_request_s": round(self.first_request_s, 2),
            "later_request_median_s": round(statistics.median(later), 2) if later else None,
            "later_request_max_s": round(max(later), 2) if later else None,
            "goal_first_continuation_10s": self.first_continuation_s <= 10.0,
            "goal_later_1s": bool(later) and statistics.median(later) <= 1.0,
        }


MODEL_LABELS = {"char": "Character (shipped)", "word": "Word (shipped)"}
LINES = ("I left the light on in the hall", "the river knows my name", "we drove all night")


def choose_model(page, label: str) -> None:
    """Pick a lyric model by its label in the Model box and wait for the page to settle."""
    page.locator(".st-key-lyrics_model_choice").click()
    page.get_by_role("option", name=label, exact=True).click()
    box = page.locator(".st-key-lyrics_model_choice input")
    deadline = time.perf_counter() + GENERATE_TIMEOUT_S
    while box.input_value() != label and time.perf_counter() < deadline:
        page.wait_for_timeout(25)
    wait_for(page, START_LINE, GENERATE_TIMEOUT_S)


def measure(
    data_dir: Path, later_runs: int = 3, screenshot: Path | None = None, level: str = "word"
) -> AppFigures:
    """Launch the app and a browser at once and time a writer's first minute."""
    from playwright.sync_api import sync_playwright

    server = start_app(data_dir)
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            answered = open_lyrics(page, server)
            usable = time.perf_counter() - server.started
            if level != "word":  # the page opens on the word model
                choose_model(page, MODEL_LABELS[level])
            first = generate_round(page, LINES[0], 1)
            continuation = time.perf_counter() - server.started
            later = [generate_round(page, LINES[n % len(LINES)], n + 2) for n in range(later_runs)]
            if screenshot:
                page.screenshot(path=str(screenshot), full_page=True)
            browser.close()
        return AppFigures(answered, usable, continuation, first, later)
    finally:
        server.stop()


def _bench(args: argparse.Namespace) -> int:
    if args.data_dir:
        figures = measure(Path(args.data_dir), args.runs, args.screenshot, args.level)
    else:
        with tempfile.TemporaryDirectory(prefix="songcraft-bench-") as folder:
            figures = measure(Path(folder), args.runs, args.screenshot, args.level)
    summary = figures.summary()
    if args.json:
        print(json.dumps({**summary, "later_requests_s": figures.later_requests_s}, indent=2))
        return 0
    print(f"server answers          {summary['server_answers_s']:6.2f} s after launch")
    print(f"first page usable       {summary['page_usable_s']:6.2f} s after launch")
    print(
        f"first continuation      {summary['first_continuation_s']:6.2f} s after launch (goal 10 s)"
    )
    print(f"  of which the request  {summary['first_request_s']:6.2f} s")
    if figures.later_requests_s:
        print(
            f"later continuation      {summary['later_request_median_s']:6.2f} s median, "
            f"{summary['later_request_max_s']:.2f} s max over {len(figures.later_requests_s)} "
            "(goal 1 s)"
        )
    return 0


def register(commands) -> None:
    bench = commands.bench.add_parser(
        "app", help="time the real app in Chromium: launch to first page and continuations"
    )
    bench.add_argument("--runs", type=int, default=3, help="later continuations to time")
    bench.add_argument("--level", choices=("word", "char"), default="word", help="lyric model")
    bench.add_argument("--data-dir", default=None, help="library folder (default: a temp folder)")
    bench.add_argument("--screenshot", type=Path, default=None, help="save the page as PNG")
    bench.add_argument("--json", action="store_true")
    bench.set_defaults(func=_bench)
