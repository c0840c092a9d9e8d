"""Sub-commands for the saved data: export, stats, doctor, demo-data and rescore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.commands import add_command
from desktop.errors import AttuneError

if TYPE_CHECKING:
    from desktop.paths import AppPaths
    from desktop.store import Store

EXIT_TROUBLE = 1
MAX_DEMO_SESSIONS = 100_000


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    export = add_command(
        commands,
        common,
        "export",
        "write your history as JSON (everything, to rebuild it) or CSV (one row per answer)",
    )
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument(
        "--out", metavar="PATH", help="file to write (private, 0600); default: standard output"
    )
    export.add_argument("--session", metavar="ID", type=int, help="only this session")
    export.set_defaults(run=run_export)

    stats = add_command(
        commands,
        common,
        "stats",
        "per partner: sessions, answers, average validation and defensiveness, top habits",
    )
    stats.set_defaults(run=run_stats)

    doctor = add_command(
        commands,
        common,
        "doctor",
        "check the database: location, size, schema version, integrity, file permissions",
    )
    doctor.set_defaults(run=run_doctor)

    demo = add_command(
        commands,
        common,
        "demo-data",
        "fill the database with made-up practice sessions (for demos and benchmarks)",
    )
    demo.add_argument("--sessions", metavar="N", type=int, default=30)
    demo.add_argument("--seed", metavar="N", type=int, default=1)
    demo.set_defaults(run=run_demo)

    rescore = add_command(
        commands,
        common,
        "rescore",
        "re-score saved answers that were scored with older rules (scores, labels, highlights)",
    )
    rescore.add_argument(
        "--dry-run", action="store_true", help="only say how many would change; write nothing"
    )
    rescore.set_defaults(run=run_rescore)


def _open_existing(paths: AppPaths) -> Store:
    from desktop.store import Store

    _not_a_file(paths)
    if not paths.database.is_file():
        raise AttuneError(f"There is no Attune database at {paths.database} yet.")
    return _told(Store.open(paths))


def _not_a_file(paths: AppPaths) -> None:
    """Something other than a file where the database belongs: say so, touch nothing."""
    database = paths.database
    if database.exists() and not database.is_file():
        raise AttuneError(
            f"{database} is not a file (a folder or something else stands there), so it "
            "cannot be Attune's database. Move it elsewhere and try again; nothing was changed."
        )


def _told(store: Store) -> Store:
    """Say what opening the database found. A damaged file stops the command: what it would
    read or export is in the file set aside, not in the new, empty one."""
    from desktop.store import NoticeKind

    notice = store.notice
    if notice is None:
        return store
    if notice.kind is NoticeKind.CORRUPT_MOVED:
        store.close(backup=False)
        raise AttuneError(
            f"{notice.message} Nothing else was done. Open Attune to restore a backup, or run "
            "the command again to use the new, empty database."
        )
    print(f"attune: {notice.message}", file=sys.stderr)
    return store


def run_export(args: argparse.Namespace, paths: AppPaths) -> int:
    store = _open_existing(paths)
    try:
        if args.out:
            report = store.export(args.format, Path(args.out), args.session)
            print(
                f"Wrote {report.sessions} session(s), {report.turns} answer(s) to {report.path}",
                file=sys.stderr,
            )
        else:
            store.write_export(args.format, sys.stdout, args.session)
    finally:
        store.close()
    return 0


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def run_stats(args: argparse.Namespace, paths: AppPaths) -> int:
    _not_a_file(paths)
    if not paths.database.is_file():
        print("No practice saved yet.")
        return 0
    store = _open_existing(paths)
    try:
        stats = store.stats()
    finally:
        store.close()
    print(f"{stats.sessions} session(s), {stats.answers} answer(s)")
    if not stats.partners:
        return 0
    width = max(7, *(len(p.name) for p in stats.partners))
    print(f"{'partner':<{width}}  sessions  answers  validation  defensiveness  top habits")
    for p in stats.partners:
        habits = ", ".join(f"{name} ({n})" for name, n in p.top_habits) or "-"
        print(
            f"{p.name:<{width}}  {p.sessions:>8}  {p.answers:>7}  {_score(p.validation):>10}"
            f"  {_score(p.defensiveness):>13}  {habits}"
        )
    return 0


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    value = float(n)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            break
    return f"{value:.1f} {unit}"


def run_doctor(args: argparse.Namespace, paths: AppPaths) -> int:
    from desktop.engine.native import running
    from desktop.store.reports import doctor

    _not_a_file(paths)
    report = doctor(paths)
    print(f"location:        {report.location}")
    if not report.exists:
        print("database:        none yet (it is created on first start)")
    else:
        print(f"size:            {_size(report.size)}")
        print(
            f"schema version:  {report.schema_version} (this Attune: {report.app_schema_version})"
        )
        print(f"integrity:       {report.integrity}")
    print(f"encrypted:       {'yes' if report.encrypted else 'no'}")
    print(f"backups:         {len(report.backups)}")
    print(f"scoring engine:  {running()}")
    for check in report.files:
        mark = "ok" if check.ok else "TOO OPEN"
        print(f"  {check.mode:04o} {mark:<8} {check.path}")
    if report.problems:
        print("problems:")
        for problem in report.problems:
            print(f"  - {problem}")
        return EXIT_TROUBLE
    print("no problems found")
    return 0


def run_demo(args: argparse.Namespace, paths: AppPaths) -> int:
    from desktop.store import Store
    from desktop.store.demo import fill_demo

    if not 1 <= args.sessions <= MAX_DEMO_SESSIONS:
        raise AttuneError(f"--sessions must be 1 to {MAX_DEMO_SESSIONS}.")

    def progress(done: int, total: int) -> None:
        if total >= 1000:
            print(f"  {done}/{total} sessions", file=sys.stderr, flush=True)

    _not_a_file(paths)
    store = _told(Store.open(paths))
    try:
        report = fill_demo(store, args.sessions, seed=args.seed, progress=progress)
    finally:
        store.close()
    print(f"Added {report.sessions} demo session(s) with {report.answers} answer(s).")
    return 0


def run_rescore(args: argparse.Namespace, paths: AppPaths) -> int:
    from desktop.store.rescore import current_version, rescore_history

    if not paths.database.is_file():
        print("No practice saved yet, so there is nothing to re-score.")
        return 0
    version = current_version()
    done = [0, 0]

    def progress(finished: int, total: int) -> None:
        # Long runs say how far they got, about every tenth of the way.
        step = max(1, total // 10)
        if total >= 1000 and finished // step > done[0] // step:
            print(f"  {finished}/{total} answers", file=sys.stderr, flush=True)
        done[:] = [finished, total]

    store = _open_existing(paths)
    try:
        report = rescore_history(store, progress=progress, dry_run=args.dry_run)
    except KeyboardInterrupt:
        print(
            f"Stopped after re-scoring {done[0]} of {done[1]} answer(s); every answer is "
            "either wholly re-scored or as it was. Run `attune rescore` again to finish.",
            file=sys.stderr,
        )
        return 130
    finally:
        store.close()
    if report.found == 0:
        print(f"Every saved answer is already scored with rules {version}. Nothing to do.")
        return 0
    if report.dry_run:
        print(
            f"{report.found} saved answer(s) were scored with older rules. Re-scoring them "
            f"with rules {version} would change the label of {report.labels_changed}. "
            "Nothing was changed (dry run)."
        )
        return 0
    print(
        f"Re-scored {report.rescored} answer(s) with rules {version}; "
        f"{report.labels_changed} label(s) changed. What you typed and felt-heard ratings "
        "are unchanged."
    )
    return 0
