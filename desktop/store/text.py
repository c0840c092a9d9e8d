"""Text made safe to store: lone surrogates replaced, everything else kept as typed."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def storable(text: str) -> str:
    """The same text with each lone surrogate replaced one for one (offsets stay valid).

    SQLite cannot encode a lone surrogate as UTF-8 and the write fails; NUL, control
    characters, joiners and direction marks are stored as they are.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(REPLACEMENT, text)
    return text
