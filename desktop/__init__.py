"""Attune's Qt-free core: rule engine, practice sessions, storage and content."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "Attune"
