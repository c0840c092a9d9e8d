"""`attune encrypt`, `decrypt` and `passwd`; and a passphrase for every other command.

Passphrases come from a hidden prompt or, for scripts, from `--passphrase-file PATH` (its
first line). Every other sub-command gets `--passphrase-file` too, and is asked only when it
actually opens an encrypted database.
"""

from __future__ import annotations

import argparse
import getpass
import os
import select
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.commands import add_command
from desktop.errors import AttuneError, WrongPassphrase

if TYPE_CHECKING:
    from desktop.paths import AppPaths

Run = Callable[[argparse.Namespace, "AppPaths"], int]
ATTEMPTS = 3
LOST_WARNING = (
    "Keep this passphrase safe: if it is lost, nobody can open your Attune data again "
    "(there is no reset). Consider --recovery-file."
)
EXPORT_WARNING = (
    "Note: the exported file is not encrypted. Keep it somewhere private, "
    "and delete it when you no longer need it."
)
PIPE_WAIT = 30  # seconds a pipe is given to deliver the passphrase
MAX_PIPE_BYTES = 64 * 1024  # a first line longer than this is not a passphrase
PASSPHRASE_FILE_HELP = (
    "read the passphrase from the first line of this file instead of asking (for scripts)"
)


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    # Commands registered before this module: they open the database through Store.open,
    # which asks the source set up here when it meets an encrypted file.
    for parser in commands.choices.values():
        _add_passphrase_file(parser)
        original = parser.get_default("run")
        if original is not None:
            parser.set_defaults(run=with_passphrase(original))

    encrypt = add_command(
        commands,
        common,
        "encrypt",
        "encrypt the database with a passphrase (SQLCipher); asks for it twice, hidden",
    )
    _add_passphrase_file(encrypt, "read the new passphrase from the first line of this file")
    encrypt.add_argument(
        "--recovery-file",
        metavar="PATH",
        help="also write the passphrase to this file (0600), to keep away from this computer",
    )
    encrypt.set_defaults(run=run_encrypt)

    decrypt = add_command(
        commands, common, "decrypt", "turn encryption off: the database becomes a plain file"
    )
    _add_passphrase_file(decrypt)
    decrypt.set_defaults(run=run_decrypt)

    passwd = add_command(
        commands, common, "passwd", "change the passphrase of an encrypted database"
    )
    _add_passphrase_file(passwd, "read the current passphrase from this file")
    passwd.add_argument(
        "--new-passphrase-file",
        metavar="PATH",
        help="read the new passphrase from this file instead of asking",
    )
    passwd.add_argument(
        "--recovery-file", metavar="PATH", help="write the new passphrase to this file (0600)"
    )
    passwd.set_defaults(run=run_passwd)


def _add_passphrase_file(parser: argparse.ArgumentParser, help_text: str = "") -> None:
    if any("--passphrase-file" in action.option_strings for action in parser._actions):
        return
    parser.add_argument("--passphrase-file", metavar="PATH", help=help_text or PASSPHRASE_FILE_HELP)


# --- reading passphrases -------------------------------------------------------------------


def read_hidden(prompt: str, option: str = "--passphrase-file") -> str:
    """Ask on the terminal without echo (tests replace this); `option` is the one that
    gives the same passphrase from a file, named when there is no terminal to ask on."""
    if not sys.stdin.isatty():
        raise AttuneError(
            f"There is no terminal to ask for the passphrase on ({prompt.strip(' :')}): "
            f"give {option} PATH."
        )
    try:
        return getpass.getpass(prompt, stream=sys.stderr)
    except EOFError:
        # Ctrl-D: the person closed the prompt, as good as cancelling it.
        print(file=sys.stderr)
        raise AttuneError("No passphrase was given, so nothing was changed.") from None


def read_passphrase_file(path: str) -> str:
    """The file's first line, exactly (spaces kept; only the line ending is dropped).

    Standard input and a process's pipe work too (`--passphrase-file /dev/stdin`, or
    `<(pass show attune)`), as long as something writes within PIPE_WAIT seconds. Any other
    pipe or device is refused: one that nobody writes to would wait forever.
    """
    file = Path(path).expanduser()
    try:
        mode = file.stat().st_mode
        if _is_stream(path) and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
            raw = _read_pipe_line(file)
        elif stat.S_ISREG(mode):
            with open(file, "rb") as f:
                raw = f.readline()
        else:
            raise AttuneError(f"The passphrase file {path} is not a regular file.")
        line = raw.decode("utf-8")
    except FileNotFoundError:
        raise AttuneError(f"There is no passphrase file at {path}.") from None
    except UnicodeDecodeError:
        raise AttuneError(
            f"The passphrase file {path} is not UTF-8 text; save it as UTF-8 and try again."
        ) from None
    except TimeoutError:
        raise AttuneError(
            f"Nothing arrived on {path} within {PIPE_WAIT} seconds, so nothing was changed."
        ) from None
    except OSError as exc:
        raise AttuneError(f"The passphrase file {path} could not be read.") from exc
    passphrase = line.rstrip("\r\n")
    if not passphrase:
        raise AttuneError(f"The passphrase file {path} is empty.")
    return passphrase


def _is_stream(path: str) -> bool:
    """Where a shell hands a command its standard input or a process substitution."""
    return path == "/dev/stdin" or path.startswith(("/dev/fd/", "/proc/self/fd/"))


def _read_pipe_line(file: Path) -> bytes:
    """The first line from a pipe, without blocking forever on one that has no writer."""
    fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    try:
        line = b""
        deadline = time.monotonic() + PIPE_WAIT
        while b"\n" not in line and len(line) < MAX_PIPE_BYTES:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
            try:
                chunk = os.read(fd, 1024)
            except BlockingIOError:
                continue
            if not chunk:
                break  # the writer is done (or there never was one): what came is all
            line += chunk
        return line.split(b"\n", 1)[0]
    finally:
        os.close(fd)


class PassphraseAsker:
    """The passphrase for the current command: from the file, or asked once when needed."""

    def __init__(self, passphrase_file: str | None) -> None:
        self.passphrase_file = passphrase_file
        self.asked = 0
        self._known: str | None = None

    def __call__(self) -> str:
        if self._known is None:
            if self.passphrase_file:
                self._known = read_passphrase_file(self.passphrase_file)
            else:
                self.asked += 1
                self._known = read_hidden("Passphrase for your Attune data: ")
        return self._known

    def forget(self) -> None:
        self._known = None

    @property
    def may_retry(self) -> bool:
        return not self.passphrase_file and 0 < self.asked < ATTEMPTS


def with_passphrase(run: Run) -> Run:
    """`run` with a passphrase source in place; a wrong typed one is asked again."""

    def run_with_passphrase(args: argparse.Namespace, paths: AppPaths) -> int:
        from desktop.store.connection import passphrase_source

        asker = PassphraseAsker(getattr(args, "passphrase_file", None))
        while True:
            try:
                with passphrase_source(asker):
                    code = run(args, paths)
            except WrongPassphrase:
                if not asker.may_retry:
                    raise
                print("That passphrase didn't open your data. Try again.", file=sys.stderr)
                asker.forget()
                continue
            if getattr(args, "command", None) == "export" and getattr(args, "out", None):
                print(EXPORT_WARNING, file=sys.stderr)
            return code

    return run_with_passphrase


def _new_passphrase(path: str | None, option: str = "--passphrase-file") -> str:
    from desktop.privacy import MIN_LENGTH, rate_passphrase

    if path:
        passphrase = read_passphrase_file(path)
    else:
        passphrase = read_hidden("New passphrase: ", option)
        if read_hidden("The same passphrase again: ", option) != passphrase:
            raise AttuneError("The two passphrases were not the same; nothing was changed.")
    rating = rate_passphrase(passphrase)
    if not rating.acceptable:
        raise AttuneError(
            f"The passphrase is too short: use at least {MIN_LENGTH} characters "
            "(a few unrelated words are easiest to remember)."
        )
    print(f"Passphrase strength: {rating.strength.label}", file=sys.stderr)
    return passphrase


def _migrating(work: Callable[[str | None], object], asker: PassphraseAsker) -> None:
    """Run a migration that needs the current passphrase, asking again after a wrong one."""
    while True:
        try:
            work(asker())
            return
        except WrongPassphrase:
            if not asker.may_retry:
                raise
            print("That passphrase didn't open your data. Try again.", file=sys.stderr)
            asker.forget()


def _progress(done: int, total: int) -> None:
    del done, total  # a few steps, over in about a second: nothing to show


def run_encrypt(args: argparse.Namespace, paths: AppPaths) -> int:
    from desktop.privacy import encrypt

    _require_database(paths)
    recovery = _recovery_path(args.recovery_file)
    passphrase = _new_passphrase(args.passphrase_file)
    report = encrypt(paths, passphrase, progress=_progress)
    print(
        f"Encrypted: {report.rows} row(s) in {report.tables} table(s) copied and checked "
        f"in {report.seconds:.1f} s."
    )
    print(LOST_WARNING, file=sys.stderr)
    _write_recovery(recovery, passphrase)
    return 0


def run_decrypt(args: argparse.Namespace, paths: AppPaths) -> int:
    from desktop.privacy import MigrationReport, decrypt

    _require_database(paths)
    done: list[MigrationReport] = []
    _migrating(
        lambda current: done.append(decrypt(paths, current or "", progress=_progress)),
        PassphraseAsker(args.passphrase_file),
    )
    print(
        f"Decrypted: {done[0].rows} row(s) copied and checked. Your data is no longer "
        "encrypted on this computer."
    )
    return 0


def run_passwd(args: argparse.Namespace, paths: AppPaths) -> int:
    from desktop.privacy import change_passphrase
    from desktop.store.connection import looks_encrypted

    _require_database(paths)
    if not looks_encrypted(paths.database):
        raise AttuneError("Your data is not encrypted; use `attune encrypt` to turn it on.")
    recovery = _recovery_path(args.recovery_file)
    asker = PassphraseAsker(args.passphrase_file)
    current = _check_current(paths, asker)
    new = _new_passphrase(args.new_passphrase_file, "--new-passphrase-file")
    report = change_passphrase(paths, current, new, progress=_progress)
    print(f"Passphrase changed: {report.rows} row(s) re-encrypted and checked.")
    print(LOST_WARNING, file=sys.stderr)
    _write_recovery(recovery, new)
    return 0


def _recovery_path(given: str | None) -> Path | None:
    """The --recovery-file path, checked before anything changes: a bad one stops it all."""
    from desktop.privacy import check_recovery_path

    if not given:
        return None
    try:
        return check_recovery_path(Path(given))
    except AttuneError as exc:
        raise AttuneError(f"{exc.user_message} Nothing was changed.") from None


def _write_recovery(path: Path | None, passphrase: str) -> None:
    from desktop.privacy import write_recovery_file

    if path is None:
        return
    try:
        written = write_recovery_file(path, passphrase)
    except AttuneError as exc:
        # Checked beforehand, so rare (a full disk); the change itself is done and kept.
        raise AttuneError(
            f"Your data now uses the new passphrase, but the recovery file was not written: "
            f"{exc.user_message}"
        ) from None
    print(f"Recovery file written to {written}: keep it away from this computer.")


def _check_current(paths: AppPaths, asker: PassphraseAsker) -> str:
    """The current passphrase, proven by opening the database read-only (before asking for
    a new one, so a typo is caught first)."""
    from desktop.store.connection import connect

    while True:
        current = asker()
        try:
            connect(paths.database, passphrase=current, read_only=True).close()
            return current
        except WrongPassphrase:
            if not asker.may_retry:
                raise
            print("That passphrase didn't open your data. Try again.", file=sys.stderr)
            asker.forget()


def _require_database(paths: AppPaths) -> None:
    if not paths.database.is_file() or paths.database.stat().st_size == 0:
        raise AttuneError(f"There is no Attune database at {paths.database} yet.")
