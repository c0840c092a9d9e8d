"""Light and dark themes and the text size: the system's choice by default, or Settings'."""

from __future__ import annotations

import re
from enum import Enum
from importlib import resources

from PySide6.QtCore import QDir, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from ui.resources import Scheme, read_text, schemes

BASE_POINTS = 11.0
TEXT_SCALES = (0.9, 1.0, 1.15, 1.3, 1.5)
_POINTS = re.compile(r"(\d+(?:\.\d+)?)pt\b")


class ThemeChoice(Enum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"

    @classmethod
    def parse(cls, value: str | None) -> ThemeChoice:
        for choice in cls:
            if choice.value == value:
                return choice
        return cls.SYSTEM


def system_prefers_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def effective_scheme(choice: ThemeChoice) -> str:
    if choice is ThemeChoice.SYSTEM:
        return "dark" if system_prefers_dark() else "light"
    return str(choice.value)


def build_palette(scheme: str) -> QPalette:
    colours = schemes()[scheme]
    palette = QPalette()
    for role_name, colour in colours.roles:
        role = getattr(QPalette.ColorRole, role_name)
        palette.setColor(role, QColor(colour))
    # Disabled text is the placeholder colour, so disabled controls stay legible but quiet.
    muted = QColor(colours.role("PlaceholderText"))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, muted)
    return palette


def scaled_style_sheet(text_scale: float, scheme: str = "light") -> str:
    """Every point size in the QSS grows with the text size setting, headings included."""
    sheet = read_text("styles", "app.qss").replace("SCHEME", scheme)
    return _POINTS.sub(lambda m: f"{float(m.group(1)) * text_scale:.1f}pt", sheet)


def register_style_files() -> None:
    """Lets the QSS name its images as attune-styles:NAME, wherever the package lives."""
    folder = resources.files("resources").joinpath("styles")
    if str(folder) not in QDir.searchPaths("attune-styles"):
        QDir.addSearchPath("attune-styles", str(folder))


class Theme(QObject):
    """The theme in force for one QApplication; screens listen to `changed` to redraw charts."""

    changed = Signal(str)  # the scheme now in force: "light" or "dark"

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.choice = ThemeChoice.SYSTEM
        self.text_scale = 1.0
        self.scheme = "light"
        # Someone who made their desktop's text larger gets larger text here too; a smaller
        # system font never shrinks Attune below its own size.
        self.system_scale = max(1.0, self.system_points() / BASE_POINTS)
        app.styleHints().colorSchemeChanged.connect(self.on_colorSchemeChanged)

    @classmethod
    def system_points(cls) -> float:
        """The desktop's general text size in points (a class method, so tests can set it)."""
        size = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).pointSizeF()
        return size if size > 0 else BASE_POINTS

    @classmethod
    def of(cls, app: QApplication) -> Theme:
        """The app's one Theme, made on first use (it is the app's child, not a global)."""
        found = app.findChild(Theme, "attuneTheme")
        if isinstance(found, Theme):
            return found
        theme = cls(app)
        theme.setObjectName("attuneTheme")
        return theme

    def on_colorSchemeChanged(self, _scheme: Qt.ColorScheme) -> None:
        if self.choice is ThemeChoice.SYSTEM:
            self.apply()

    def set_choice(self, choice: ThemeChoice) -> None:
        self.choice = choice
        self.apply()

    def set_text_scale(self, text_scale: float) -> None:
        self.text_scale = max(0.75, min(2.0, text_scale))
        self.apply()

    def colours(self) -> Scheme:
        return schemes()[self.scheme]

    def apply(self) -> str:
        self.scheme = effective_scheme(self.choice)
        # Re-styling every widget is slow: skip what is already in force.
        palette = build_palette(self.scheme)
        if self.app.palette() != palette:
            self.app.setPalette(palette)
        scale = self.text_scale * self.system_scale
        font = QFont(self.app.font())
        font.setPointSizeF(BASE_POINTS * scale)
        if self.app.font() != font:
            self.app.setFont(font)
        register_style_files()
        sheet = scaled_style_sheet(scale, self.scheme)
        if self.app.styleSheet() != sheet:
            self.app.setStyleSheet(sheet)
        self.changed.emit(self.scheme)
        return self.scheme


def apply_theme(
    app: QApplication, choice: ThemeChoice = ThemeChoice.SYSTEM, text_scale: float = 1.0
) -> str:
    """Set palette, style sheet and font size; returns the scheme in force."""
    theme = Theme.of(app)
    theme.choice = choice
    theme.text_scale = text_scale
    return theme.apply()


def current_colours() -> Scheme:
    """The colours of the theme in force, for the few things QSS cannot style (charts)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return Theme.of(app).colours()
    return schemes()["light"]
