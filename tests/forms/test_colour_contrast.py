"""Text colours against their backgrounds, computed from the served CSS (WCAG 2.1 1.4.3: 4.5:1; 1.4.11: 3:1).

Why from the CSS: axe sees only the pages a test reaches in the state it
reaches them (an overdue row, a loosening change, a problem line are rare),
while one edited colour in the stylesheet changes them all.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from framework.core.settings import PROJECT_ROOT

SHEETS = {
    "portal": PROJECT_ROOT / "framework" / "web" / "static" / "portal" / "portal.css",
    "admin": PROJECT_ROOT / "admin" / "static" / "admin.css",
    "builder": PROJECT_ROOT / "admin" / "static" / "builder.css",
}
WHITE = "#fff"
TEXT = 4.5  # normal-size text
# (what, sheet, selector, property) for the text, then the same for what lies behind it (None: the white page)
PAIRS = [
    ("body text", ("portal", "body", "color"), None),
    ("links", ("portal", "a", "color"), None),
    ("visited links", ("portal", "a:visited", "color"), None),
    ("hints", ("portal", ".hint", "color"), None),
    ("error messages", ("portal", ".error-message", "color"), None),
    ("error summary links", ("portal", ".error-summary a", "color"), None),
    ("links in a notice", ("portal", "a", "color"), ("portal", ".notice", "background")),
    ("error summary links", ("portal", ".error-summary a", "color"), ("portal", ".notice", "background")),
    ("not required", ("portal", ".optional", "color"), None),
    ("prefill source", ("portal", ".source", "color"), None),
    ("prefill tag", ("portal", ".source-tag", "color"), ("portal", ".source-tag", "background")),
    ("buttons", ("portal", ".button", "color"), ("portal", ".button", "background")),
    ("warning buttons", ("portal", ".button", "color"), ("portal", ".button--warning", "background")),
    ("secondary buttons", ("portal", ".button--secondary", "color"), ("portal", ".button--secondary", "background")),
    ("header", ("portal", ".site-header", "color"), ("portal", ".site-header", "background")),
    ("footer", ("portal", ".site-footer", "color"), None),
    ("steps", ("portal", ".progress-steps li", "color"), None),
    ("steps done", ("portal", ".progress-steps li.is-done", "color"), None),
    ("tags", ("portal", ".tag", "color"), ("portal", ".tag", "background")),
    ("warning tags", ("portal", ".tag--warning", "color"), ("portal", ".tag--warning", "background")),
    (
        "chosen sector",
        ("portal", ".sectors a[aria-current]", "color"),
        ("portal", ".sectors a[aria-current]", "background"),
    ),
    ("overdue in an overdue row", ("admin", ".overdue", "color"), ("admin", ".is-overdue td", "background")),
    ("links in an overdue row", ("portal", "a", "color"), ("admin", ".is-overdue td", "background")),
    (
        "a problem beside its line",
        ("admin", ".line-problem", "color"),
        ("admin", ".source-line--problem", "background"),
    ),
    (
        "a warning beside its line",
        ("admin", ".line-problem--warning", "color"),
        ("admin", ".source-line--problem", "background"),
    ),
    (
        "a loosening verdict in its row",
        ("admin", ".verdict--loosens", "color"),
        ("admin", '.changes-table tr[data-verdict="loosens"] td', "background"),
    ),
    ("unverified answers", ("admin", ".provenance--unverified", "color"), None),
    ("provenance", ("admin", ".provenance", "color"), None),
    ("admin tags", ("portal", "body", "color"), ("admin", ".tag", "background")),
    ("invalid drafts", ("builder", ".status-invalid", "color"), None),
    ("YAML source", ("portal", "body", "color"), ("builder", ".yaml-source", "background")),
]


@cache
def declarations(sheet: str) -> dict[str, dict[str, str]]:
    """Each selector's declarations, later rules winning (enough for these flat sheets: no nesting used)."""
    text = re.sub(r"/\*.*?\*/", "", SHEETS[sheet].read_text(encoding="utf-8"), flags=re.S)
    found: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        pairs = {name.strip(): value.strip() for name, _, value in (d.partition(":") for d in body.split(";")) if value}
        for selector in selectors.split(","):
            found.setdefault(" ".join(selector.split()), {}).update(pairs)
    return found


def colour(spec: tuple[str, str, str] | None) -> str:
    if spec is None:
        return WHITE
    sheet, selector, name = spec
    value = declarations(sheet)[selector][name]
    match = re.search(r"#[0-9a-fA-F]{3,6}\b", value)
    assert match, f"{selector} {name}: {value}"
    return match.group(0)


def luminance(hex_colour: str) -> float:
    digits = hex_colour.lstrip("#")
    digits = "".join(c * 2 for c in digits) if len(digits) == 3 else digits
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_gives_the_known_ratios():
    assert round(contrast("#000", "#fff"), 1) == 21.0 and contrast("#777", "#777") == 1.0
    assert round(contrast("#d4351c", "#fff"), 2) == 4.86  # GOV.UK's error red


@pytest.mark.parametrize(("what", "text", "behind"), PAIRS, ids=[pair[0] for pair in PAIRS])
def test_text_stands_out_from_what_is_behind_it(what, text, behind):
    ratio = contrast(colour(text), colour(behind))
    assert ratio >= TEXT, f"{what}: {colour(text)} on {colour(behind)} is {ratio:.2f}:1"


def test_the_focus_ring_stands_out_from_the_page_and_the_header():
    ring = declarations("portal")[":focus-visible"]
    outline, shadow = colour(("portal", ":focus-visible", "outline")), re.search(r"#[0-9a-f]{3,6}", ring["box-shadow"])
    assert shadow and contrast(shadow.group(0), WHITE) >= 3  # the dark band shows on white
    assert contrast(outline, colour(("portal", ".site-header", "background"))) >= 3  # the yellow on the red header
