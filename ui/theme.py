"""Light and dark themes: the system's choice by default, or the one set in Settings."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from ui.resources import palettes, read_text


class ThemeChoice(Enum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


def system_prefers_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def effective_scheme(choice: ThemeChoice) -> str:
    if choice is ThemeChoice.SYSTEM:
        return "dark" if system_prefers_dark() else "light"
    return str(choice.value)


def build_palette(scheme: str) -> QPalette:
    palette = QPalette()
    for role_name, colour in palettes()[scheme].items():
        role = getattr(QPalette.ColorRole, role_name)
        palette.setColor(role, QColor(colour))
    # Disabled text is the placeholder colour, so disabled controls stay legible but quiet.
    muted = QColor(palettes()[scheme]["PlaceholderText"])
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, muted)
    return palette


def apply_theme(
    app: QApplication, choice: ThemeChoice = ThemeChoice.SYSTEM, text_scale: float = 1.0
) -> str:
    """Set palette, style sheet and font size; returns the scheme in force."""
    scheme = effective_scheme(choice)
    app.setPalette(build_palette(scheme))
    base_points = 11.0 * text_scale
    font = QFont(app.font())
    font.setPointSizeF(base_points)
    app.setFont(font)
    sheet = read_text("styles", "app.qss").replace("11pt", f"{base_points:.1f}pt")
    app.setStyleSheet(sheet)
    return scheme
