"""Just enough CSS reading for the theme tests: tokens files and colour contrast."""

import re
from pathlib import Path

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")


def css_strip_comments(text: str) -> str:
    return _COMMENT.sub("", text)


def tokens_rules(path: Path) -> list[tuple[str, list[str]]]:
    """(selector, declarations) of each rule of a tokens file, plus ("", [leftover]) for
    text that is not inside a rule (which a tokens file must not have)."""
    text = css_strip_comments(path.read_text(encoding="utf-8"))
    rules = [
        (selector.strip(), [d.strip() for d in body.split(";") if d.strip()])
        for selector, body in _RULE.findall(text)
    ]
    leftover = _RULE.sub("", text).strip()
    if leftover:
        rules.append(("", [leftover]))
    return rules


def tokens_read(path: Path) -> dict[str, str]:
    """{"--name": "value"} of a tokens file's :root declarations."""
    tokens = {}
    for selector, declarations in tokens_rules(path):
        if selector != ":root":
            continue
        for declaration in declarations:
            name, _, value = declaration.partition(":")
            tokens[name.strip()] = value.strip()
    return tokens


def token_resolve(tokens: dict[str, str], name: str) -> str:
    """The value of a token, following var(--other) references."""
    value = tokens[name]
    for _ in range(10):
        match = re.fullmatch(r"var\((--[\w-]+)\)", value)
        if not match:
            return value
        value = tokens[match.group(1)]
    raise ValueError(f"{name} references itself")


def _luminance(hex_colour: str) -> float:
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
