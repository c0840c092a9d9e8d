"""Two soft tones: time nearly up, and time up (made by scripts/make_sounds.py)."""
