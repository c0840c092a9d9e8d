"""The main window: navigation on the left, one screen at a time on the right."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.paths import AppPaths
from ui.resources import app_icon


class HomeScreen(QWidget):
    """What the app shows first: what Attune is for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homeScreen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 40)
        title = QLabel("Welcome to Attune")
        title.setProperty("role", "title")
        subtitle = QLabel(
            "Practise the hardest moment of a repair conversation: hearing a hurt "
            "and answering it with care. This is practice, not therapy, and nothing "
            "you write ever leaves this computer."
        )
        subtitle.setWordWrap(True)
        subtitle.setProperty("role", "subtitle")
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addStretch(1)


class MainWindow(QMainWindow):
    def __init__(self, paths: AppPaths) -> None:
        super().__init__()
        self.paths = paths
        self.setObjectName("mainWindow")
        self.setWindowTitle("Attune")
        self.setWindowIcon(app_icon())
        self.setMinimumSize(QSize(900, 620))

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Sections")
        self.navigation.setFixedWidth(200)
        self.screens = QStackedWidget()
        self.screens.setObjectName("screens")

        self.add_screen("Practice", HomeScreen())
        self.navigation.currentRowChanged.connect(self.screens.setCurrentIndex)
        self.navigation.setCurrentRow(0)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)
        row.addWidget(self.screens, 1)
        self.setCentralWidget(central)
        self.resize(1120, 760)

    def add_screen(self, title: str, screen: QWidget) -> None:
        self.navigation.addItem(title)
        self.screens.addWidget(screen)
