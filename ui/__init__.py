"""Attune's PySide6 windows and widgets; they call desktop/, never the other way round."""
