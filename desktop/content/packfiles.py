"""Moves scenarios in and out of files: a single .toml pack, or a .zip holding several."""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.content.loader import (
    FORMAT_VERSION,
    MAX_FILE_BYTES,
    decode_pack_bytes,
    load_pack_file,
    parse_pack_text,
)
from desktop.content.model import (
    PackInfo,
    PackLoad,
    Problem,
    Prompt,
    Scenario,
    Source,
)
from desktop.errors import AttuneError, BadPack
from desktop.export_target import check_export_target

MAX_ZIP_MEMBERS = 200
# A zip can claim any size; the sum of what is read is capped so a crafted file cannot fill memory.
MAX_ZIP_TOTAL = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import found: scenarios ready to keep, problems to show, and the files read."""

    scenarios: tuple[Scenario, ...]
    problems: tuple[Problem, ...]
    files: tuple[str, ...]
    packs: tuple[PackInfo, ...] = ()

    @property
    def ok(self) -> bool:
        return bool(self.scenarios) and not self.problems


def _quote(text: str) -> str:
    """A TOML basic string: the characters TOML reserves are escaped, the rest kept as is."""
    out = ['"']
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _prompt_lines(prompt: Prompt) -> list[str]:
    lines = [f"text = {_quote(prompt.text)}", "options = ["]
    for option in prompt.options:
        lines.append(
            f"  {{ text = {_quote(option.text)}, label = {_quote(option.label.value)}, "
            f"why = {_quote(option.why)} }},"
        )
    lines.append("]")
    return lines


def pack_to_toml(pack: PackInfo, scenarios: Sequence[Scenario]) -> str:
    """The text of one pack file holding `scenarios`, in the documented format."""
    lines = [
        f"format = {FORMAT_VERSION}",
        "",
        "[pack]",
        f"id = {_quote(pack.id)}",
        f"title = {_quote(pack.title)}",
    ]
    if pack.description:
        lines.append(f"description = {_quote(pack.description)}")
    for scenario in scenarios:
        lines += ["", "[[scenario]]", f"id = {_quote(scenario.id)}"]
        if scenario.pack != pack.id:
            lines.append(f"pack = {_quote(scenario.pack)}")
        lines += [
            f"title = {_quote(scenario.title)}",
            f"category = {_quote(scenario.category.value)}",
            f"intensity = {_quote(scenario.intensity.value)}",
        ]
        if scenario.sharer_note:
            lines.append(f"sharer_note = {_quote(scenario.sharer_note)}")
        if scenario.content_warnings:
            warnings = ", ".join(_quote(w) for w in scenario.content_warnings)
            lines.append(f"content_warnings = [{warnings}]")
        lines += ["", "[scenario.opening]", *_prompt_lines(scenario.opening)]
        for follow_up in scenario.follow_ups:
            lines += ["", "[[scenario.follow_up]]", *_prompt_lines(follow_up)]
    return "\n".join(lines) + "\n"


def scenario_to_toml(scenario: Scenario, pack_title: str | None = None) -> str:
    """One scenario as a complete pack file: how a user scenario is kept and re-read."""
    pack = PackInfo(scenario.pack, pack_title or scenario.pack, source=scenario.source)
    return pack_to_toml(pack, [scenario])


def _group_by_pack(scenarios: Iterable[Scenario]) -> dict[str, list[Scenario]]:
    groups: dict[str, list[Scenario]] = {}
    for scenario in scenarios:
        groups.setdefault(scenario.pack, []).append(scenario)
    return groups


def _write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so a failed export never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".attune-export-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def export_pack(
    scenarios: Sequence[Scenario],
    path: str | Path,
    packs: Sequence[PackInfo] = (),
) -> Path:
    """Write scenarios to `path`: a .zip gets one .toml per pack, anything else one .toml file.

    A single .toml holds every scenario; those from another pack carry their own `pack` key.
    Raises BadPack when there is nothing to write or the file cannot be written.
    """
    target = Path(path)
    if not scenarios:
        raise BadPack("There are no scenarios to export. Choose at least one.")
    try:
        check_export_target(target.expanduser())
    except AttuneError as exc:
        raise BadPack(exc.user_message) from None
    titles = {pack.id: pack for pack in packs}
    groups = _group_by_pack(scenarios)

    def info(pack_id: str) -> PackInfo:
        return titles.get(pack_id) or PackInfo(pack_id, pack_id.replace("-", " ").capitalize())

    try:
        if target.suffix.lower() == ".zip":
            import io

            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for pack_id, members in groups.items():
                    archive.writestr(f"{pack_id}.toml", pack_to_toml(info(pack_id), members))
            _write_atomically(target, buffer.getvalue())
        else:
            first = next(iter(groups))
            _write_atomically(target, pack_to_toml(info(first), list(scenarios)).encode("utf-8"))
    except OSError as exc:
        reason = exc.strerror or "it could not be written"
        raise BadPack(f"Could not export to {target.name}: {reason}.") from exc
    return target


def _read_zip(path: Path) -> list[PackLoad]:
    name = path.name
    loads: list[PackLoad] = []
    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                info
                for info in archive.infolist()
                if not info.is_dir()
                and info.filename.lower().endswith(".toml")
                and not Path(info.filename).name.startswith(".")
            ]
            if not members:
                problem = Problem(name, "", "a .zip holding at least one .toml pack file")
                return [PackLoad(name, (), (problem,))]
            if len(members) > MAX_ZIP_MEMBERS:
                problem = Problem(
                    name, "", f"at most {MAX_ZIP_MEMBERS} pack files", f"{len(members)}"
                )
                return [PackLoad(name, (), (problem,))]
            total = 0
            for member in sorted(members, key=lambda info: info.filename):
                label = f"{name}/{member.filename}"
                if member.file_size > MAX_FILE_BYTES:
                    mb = f"{member.file_size / (1024 * 1024):.1f} MB"
                    limit = f"a pack file of at most {MAX_FILE_BYTES // (1024 * 1024)} MB"
                    loads.append(PackLoad(label, (), (Problem(label, "", limit, found=mb),)))
                    continue
                with archive.open(member) as handle:
                    data = handle.read(MAX_FILE_BYTES + 1)
                total += len(data)
                if total > MAX_ZIP_TOTAL:
                    limit = f"at most {MAX_ZIP_TOTAL // (1024 * 1024)} MB of packs in one .zip"
                    loads.append(PackLoad(label, (), (Problem(name, "", limit),)))
                    break
                text, unreadable = decode_pack_bytes(data, label)
                if text is None:
                    loads.append(PackLoad(label, (), (unreadable,) if unreadable else ()))
                    continue
                loads.append(parse_pack_text(text, label, Source.USER))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        problem = Problem(name, "", "a readable .zip file; this one is damaged or not a .zip")
        return [PackLoad(name, (), (problem,))]
    except (OSError, RuntimeError) as exc:
        # RuntimeError: an encrypted member; zipfile cannot read it without a password.
        reason = getattr(exc, "strerror", None) or str(exc) or "it could not be read"
        problem = Problem(name, "", "a readable .zip file", found=reason)
        return [PackLoad(name, (), (problem,))]
    return loads


def import_packs(path: str | Path, taken_ids: Iterable[str] = ()) -> ImportResult:
    """Read a .toml pack or a .zip of them as user scenarios; writes nothing anywhere.

    A scenario whose id is in `taken_ids` (already in the library) is reported and left out,
    so an import never silently replaces another scenario.
    """
    source = Path(path)
    if source.suffix.lower() == ".zip" and source.is_file():
        loads = _read_zip(source)
    else:
        loads = [load_pack_file(source, Source.USER)]
    taken = set(taken_ids)
    scenarios: list[Scenario] = []
    problems: list[Problem] = []
    packs: list[PackInfo] = []
    for load in loads:
        problems.extend(load.problems)
        if load.pack is not None and all(p.id != load.pack.id for p in packs):
            packs.append(load.pack)
        for scenario in load.scenarios:
            if scenario.id in taken:
                problems.append(
                    Problem(
                        load.file,
                        f'scenario "{scenario.id}".id',
                        "an id not already in your library (rename it to import it)",
                        scenario.id,
                    )
                )
                continue
            taken.add(scenario.id)
            scenarios.append(scenario)
    return ImportResult(
        tuple(scenarios), tuple(problems), tuple(load.file for load in loads), tuple(packs)
    )
