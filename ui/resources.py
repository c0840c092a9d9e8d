"""Loading shipped files (icon, style sheet, palettes) from the resources package."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QIcon, QPixmap


def read_text(*parts: str) -> str:
    return resources.files("resources").joinpath(*parts).read_text(encoding="utf-8")


def read_bytes(*parts: str) -> bytes:
    return resources.files("resources").joinpath(*parts).read_bytes()


def app_icon() -> QIcon:
    """The app icon, rendered from the SVG at the sizes window managers ask for."""
    data = QByteArray(read_bytes("icons", "attune.svg"))
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        pixmap = QPixmap()
        pixmap.loadFromData(data, "SVG")
        icon.addPixmap(pixmap.scaled(size, size))
    return icon


@dataclass(frozen=True, slots=True)
class Scheme:
    """One theme's colours: Qt palette roles, and the few chart colours QSS cannot reach."""

    roles: tuple[tuple[str, str], ...]
    series: tuple[tuple[str, str], ...]

    def role(self, name: str) -> str:
        return dict(self.roles)[name]

    def series_colour(self, name: str) -> str:
        return dict(self.series).get(name, self.role("Highlight"))


@cache
def schemes() -> dict[str, Scheme]:
    """Parsed once: the file is read again only when the process restarts."""
    loaded = tomllib.loads(read_text("styles", "palettes.toml"))
    found: dict[str, Scheme] = {}
    for name, table in loaded.items():
        roles = tuple((key, value) for key, value in table.items() if isinstance(value, str))
        series_table = table.get("series", {})
        series = tuple((key, str(value)) for key, value in series_table.items())
        found[name] = Scheme(roles, series)
    return found


def palettes() -> dict[str, dict[str, str]]:
    return {name: dict(scheme.roles) for name, scheme in schemes().items()}
