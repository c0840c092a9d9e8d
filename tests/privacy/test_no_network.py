"""R13: no network, ever. A whole session and an export run under a guard that fails on any
socket or DNS lookup, and the app never imports a networking library."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.paths import AppPaths
from desktop.practice import FeltHeard, Mode, SessionSettings
from desktop.practice.clock import ManualClock
from desktop.practice.session import Phase, PracticeSession
from desktop.store import Store
from tests.privacy.helpers import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
NETWORK_EVENTS = frozenset(
    {
        "socket.__new__",
        "socket.connect",
        "socket.bind",
        "socket.sendto",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.getnameinfo",
        "urllib.Request",
    }
)
BANNED_MODULES = (
    "socket",
    "ssl",
    "http.client",
    "http.server",
    "urllib.request",
    "requests",
    "httpx",
    "urllib3",
    "aiohttp",
    "ftplib",
    "smtplib",
    "socketserver",
    "xmlrpc.client",
    "asyncio",
    "PySide6.QtNetwork",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
)


class NetworkUsed(AssertionError):
    pass


class _Guard:
    """An audit hook cannot be removed, so one is installed once and armed per test."""

    armed = False
    seen: list[str] = []  # noqa: RUF012  # shared with the hook on purpose

    @classmethod
    def hook(cls, event: str, args: tuple[object, ...]) -> None:
        if cls.armed and event in NETWORK_EVENTS:
            cls.seen.append(event)
            raise NetworkUsed(f"network use during a no-network test: {event}")


_installed: list[bool] = []


@pytest.fixture
def no_network() -> Iterator[list[str]]:
    if not _installed:
        sys.addaudithook(_Guard.hook)
        _installed.append(True)
    _Guard.seen.clear()
    _Guard.armed = True
    try:
        yield _Guard.seen
    finally:
        _Guard.armed = False
    # Even if some code swallowed the error, the attempt itself fails the test.
    assert _Guard.seen == []


def test_the_guard_itself_catches_sockets_and_lookups(no_network: list[str]) -> None:
    with pytest.raises(NetworkUsed):
        socket.socket()
    with pytest.raises(NetworkUsed):
        socket.getaddrinfo("example.org", 443)
    assert no_network == ["socket.__new__", "socket.getaddrinfo"]
    no_network.clear()


def play_session(store: Store) -> int:
    """Two rounds with a follow-up each, through the real engine, saved by the real store."""
    from desktop.safety import check

    clock = ManualClock()
    session = PracticeSession(
        SessionSettings(Mode.COUPLE, ("Sam", "Alex"), rounds=2, follow_ups=1),
        clock=clock,
        recorder=store.recorder(),
        detector=check,
    )
    session.start()
    answers = iter(
        [
            "I'm sorry I left you alone. That must have felt awful.",
            "You're right, but I was tired.",
            "I hear that it still stings. I'm sorry.",
            "It makes sense that you felt hurt. I was wrong.",
        ]
    )
    while session.phase is not Phase.SUMMARY:
        if session.phase is Phase.SHARE:
            session.send_share("I felt alone when you stayed late again. I need to matter.")
        elif session.phase is Phase.HANDOFF:
            session.ready()
        elif session.phase is Phase.ANSWER:
            clock.advance(20)
            session.update_draft("typing…")
            session.save_draft()
            session.submit(next(answers))
        elif session.phase is Phase.RATING:
            session.rate(FeltHeard(4, "better"))
        elif session.phase is Phase.FEEDBACK:
            session.next()
    return session.session_id


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["plain", "encrypted"])
def test_a_whole_session_and_export_touch_no_network(
    no_network: list[str], app_paths: AppPaths, tmp_path: Path, passphrase: str | None
) -> None:
    store = Store.open(app_paths, passphrase)
    try:
        sid = play_session(store)
        replay = store.session_replay(sid)
        assert len(replay.turns) == 4
        assert all(t.result.rules_version for t in replay.turns)
        assert store.export("json", tmp_path / "all.json").turns == 4
        assert store.export("csv", tmp_path / "all.csv").turns == 4
        assert store.stats().answers == 4
        assert store.doctor().ok
        store.delete_session(sid)
    finally:
        store.close()


def test_the_app_imports_no_networking_module() -> None:
    script = (
        "import sys\n"
        "import desktop, ui.main_window\n"
        "import desktop.cli, desktop.store, desktop.privacy, desktop.commands.privacy, ui.app\n"
        "import ui.screens.lock, ui.widgets.passphrase\n"
        f"banned = {BANNED_MODULES!r}\n"
        "print(sorted(m for m in banned if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "", "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_every_screen_module_imports_no_networking_module() -> None:
    script = (
        "import importlib, pkgutil, sys\n"
        "import desktop, ui\n"
        "for pkg in (desktop, ui):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        if info.name != 'desktop.__main__':\n"
        "            importlib.import_module(info.name)\n"
        f"banned = {BANNED_MODULES!r}\n"
        "print(sorted(m for m in banned if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "", "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
