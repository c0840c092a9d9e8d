"""Attune's shipped data: rule sets, scenario packs, styles, icons, the desktop entry."""
