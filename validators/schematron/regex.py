"""XPath 2.0 regular expressions (F&O 7.6.1, based on XML Schema regular expressions) in Python's `re`.

The dialects differ where it matters for the rule files: `\\s` is only space, tab, CR and LF (Python
also counts other Unicode spaces); `.` matches neither LF nor CR (Python: not LF); `$` without the
`m` flag matches only at the very end (Python also before a final LF). Constructs the rule files do
not use and that Python cannot express the same way (`\\p{..}`, `\\i`, `\\c`, class subtraction) are
refused with FORX0002 rather than approximated.
"""

from __future__ import annotations

import re
from functools import lru_cache

from validators.schematron.values import XPathError

_SPACE = " \\t\\n\\r"
_UNSUPPORTED = set("pPiIcCwW")


@lru_cache(maxsize=512)
def compile_regex(pattern: str, flags: str = "") -> re.Pattern:
    """The Python regex for an XPath pattern and flag string ("i", "m", "s", "x")."""
    for flag in flags:
        if flag not in "imsx":
            raise XPathError("FORX0001", f"invalid regular expression flag {flag!r}")
    if "x" in flags:
        pattern = re.sub(r"[ \t\n\r]", "", pattern)
    python_flags = (re.IGNORECASE if "i" in flags else 0) | (re.MULTILINE if "m" in flags else 0)
    try:
        return re.compile(_translate(pattern, dot_all="s" in flags, multiline="m" in flags), python_flags)
    except re.error as error:
        raise XPathError("FORX0002", f"invalid regular expression {pattern!r}: {error}") from None


def _translate(pattern: str, *, dot_all: bool, multiline: bool) -> str:
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            if index + 1 >= len(pattern):
                raise XPathError("FORX0002", f"regular expression ends with a backslash: {pattern!r}")
            escaped = pattern[index + 1]
            index += 2
            if escaped == "s":
                out.append(_SPACE if in_class else f"[{_SPACE}]")
            elif escaped == "S":
                if in_class:
                    raise XPathError("FORX0002", f"\\S inside a character class is not supported: {pattern!r}")
                out.append(f"[^{_SPACE}]")
            elif escaped in _UNSUPPORTED:
                raise XPathError("FORX0002", f"\\{escaped} is not supported in {pattern!r}")
            else:
                out.append("\\" + escaped)
            continue
        if in_class:
            if char == "]":
                in_class = False
            elif char == "-" and index + 1 < len(pattern) and pattern[index + 1] == "[":
                raise XPathError("FORX0002", f"character class subtraction is not supported: {pattern!r}")
            elif char == "[":
                out.append("\\[")
                index += 1
                continue
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
            if index + 1 < len(pattern) and pattern[index + 1] == "^":
                out.append("^")
                index += 1
        elif char == ".":
            out.append("(?s:.)" if dot_all else "[^\\n\\r]")
        elif char == "$":
            out.append("$" if multiline else "\\Z")
        else:
            out.append(char)
        index += 1
    return "".join(out)
