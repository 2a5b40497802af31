"""Terminal control sequences are never report text. A file (or a page copied into one) that carries them would
colour, retitle or clear the user's terminal when a line of it is printed; they are removed when text is read and
again when anything from the index (which may predate that) is printed."""

from __future__ import annotations

import re

# CSI (ESC [ … final), OSC (ESC ] … BEL or ST, or to the next ESC), other two-character escapes, and the
# remaining C0/C1 controls except tab and newline. Each alternative stops at the next ESC: linear on any input.
_CONTROLS = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]?|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def printable(text: str) -> str:
    """`text` without terminal control sequences and control characters (tab and newline kept)."""
    return _CONTROLS.sub("", text)
