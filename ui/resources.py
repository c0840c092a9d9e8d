"""Loading shipped files (icon, style sheet, palettes) from the resources package."""

from __future__ import annotations

import tomllib
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


def palettes() -> dict[str, dict[str, str]]:
    loaded = tomllib.loads(read_text("styles", "palettes.toml"))
    return {name: dict(roles) for name, roles in loaded.items()}
