"""Accessibility helpers for browser tests: axe-core violations and Tab-stop counts.

axe-core comes from npm (package.json pins it; `make test` runs `npm ci` when node_modules/ lacks
it). WebDriver's execute_script runs outside the page's Content-Security-Policy (checked: the page
allows no inline script, yet the injected axe runs), so no test-only route or header is needed.

    violations = axe_violations(dash_duo.driver, context="#table")
    assert violations == [], violations_message(violations)
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TIMEOUT_S = 60  # axe.run takes seconds on a large page; selenium's default is shorter
SHOWN_TARGETS = 5

_RUN_AXE = """
const [context, rules, done] = arguments;
const target = context ? document.querySelector(context) : document;
if (!target) { done({error: 'no element matches ' + context}); return; }
const options = {resultTypes: ['violations']};
if (rules) options.rules = rules;
axe.run(target, options).then(
    r => done({violations: r.violations.map(v => ({
        rule: v.id, impact: v.impact || '', summary: v.help,
        targets: v.nodes.map(n => n.target.join(' ')),
    }))}),
    e => done({error: String(e)}),
);
"""
# Tab counts from the top start at a throwaway element: Chromium's "sequential focus navigation
# starting point" survives blur(), so focusing the body alone could start the count mid-page.
_START_AT_TOP = """
window.scrollTo(0, 0);
const mark = document.createElement('span');
mark.id = '__tab_start'; mark.tabIndex = -1;
document.body.prepend(mark); mark.focus();
"""
_START_AT = "document.querySelector(arguments[0]).focus();"
_INSIDE = """
const el = document.querySelector(arguments[0]);
return !!el && el.contains(document.activeElement);
"""
# Past `arguments[0]`: focus is outside it and after it in document order.
_PAST = """
const el = document.querySelector(arguments[0]), now = document.activeElement;
return !!el && !!now && !el.contains(now)
    && !!(el.compareDocumentPosition(now) & Node.DOCUMENT_POSITION_FOLLOWING);
"""
_BEFORE = _PAST.replace("DOCUMENT_POSITION_FOLLOWING", "DOCUMENT_POSITION_PRECEDING")
_DESCRIBE_FOCUS = """
const e = document.activeElement;
const classes = typeof e.className === 'string' ? e.className.trim().split(/\\s+/) : [];
return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (classes[0] ? '.' + classes.slice(0, 2).join('.') : '');
"""


def relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance of '#rrggbb' (or '#rgb')."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    red, green, blue = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    )
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2's contrast ratio of two colours, 1 to 21: text needs 4.5, marks and controls 3."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


class Violation(NamedTuple):
    rule: str
    impact: str
    targets: list[str]  # a CSS selector per offending node
    summary: str

    def __str__(self) -> str:
        more = len(self.targets) - SHOWN_TARGETS
        where = ", ".join(self.targets[:SHOWN_TARGETS]) + (f" (+{more} more)" if more > 0 else "")
        return f"{self.rule} [{self.impact}]: {self.summary}\n    at {where}"


def _inject_axe(driver) -> None:
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} is missing: run `npm ci --no-audit --no-fund`")
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(AXE_JS.read_text(encoding="utf-8"))


def axe_violations(
    driver, impacts=("critical", "serious"), context: str | None = None, rules: dict | None = None
) -> list[Violation]:
    """axe-core's violations of the given impacts on the page, or within the CSS `context`.

    `rules` goes to axe.run as its `rules` option, e.g. {"color-contrast": {"enabled": False}}.
    """
    _inject_axe(driver)
    driver.set_script_timeout(AXE_TIMEOUT_S)
    result = driver.execute_async_script(_RUN_AXE, context, rules)
    if "error" in result:
        raise RuntimeError(f"axe-core failed: {result['error']}")
    return [Violation(**v) for v in result["violations"] if v["impact"] in impacts]


# Contrast alone, with the count of what it measured: axe-core skips the whole rule, silently in
# axe_violations, when one element lies outside its grid of the page ("Element midpoint exceeds
# the grid bounds": AG Grid's cells do).
_RUN_CONTRAST = """
const [exclude, done] = arguments;
axe.run({exclude: exclude}, {runOnly: ['color-contrast']}).then(
    r => done({
        violations: r.violations.flatMap(v => v.nodes.map(n => n.target.join(' ') + ': '
                                                       + n.failureSummary)),
        errors: r.incomplete.filter(v => v.error).map(v => v.error.message),
        measured: [...r.passes, ...r.violations].reduce((sum, v) => sum + v.nodes.length, 0),
    }),
    e => done({violations: [], errors: [String(e)], measured: 0}),
);
"""


def axe_contrast(driver, exclude: tuple[str, ...] = ()) -> dict:
    """axe-core's color-contrast rule over the page but `exclude` (CSS selectors): its failing
    nodes, the errors that made it skip the rule, and how many text nodes it measured."""
    _inject_axe(driver)
    driver.set_script_timeout(AXE_TIMEOUT_S)
    return driver.execute_async_script(_RUN_CONTRAST, list(exclude))


def violations_message(violations: list[Violation]) -> str:
    """A readable assertion message: each rule, its impact, what it asks and where it fails."""
    if not violations:
        return "no axe-core violations"
    return f"{len(violations)} axe-core violation(s):\n  " + "\n  ".join(map(str, violations))


def press_tab(driver, backwards: bool = False) -> None:
    """One Tab (Shift+Tab) to whatever has focus, as a user's keyboard sends it."""
    chain = ActionChains(driver)
    if backwards:
        chain.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT)
    else:
        chain.send_keys(Keys.TAB)
    chain.perform()


def _press_until(driver, test_js: str, selector: str, limit: int, backwards: bool = False):
    try:
        for presses in range(1, limit + 1):
            press_tab(driver, backwards)
            if driver.execute_script(test_js, selector):
                return presses
        return None
    finally:
        driver.execute_script("document.getElementById('__tab_start')?.remove();")


def tab_stops_to(driver, css_selector: str, limit: int = 200) -> int | None:
    """Tab presses from the top of the page (nothing focused) until focus is inside the element
    matching `css_selector`; None if it is not reached within `limit` presses."""
    driver.execute_script(_START_AT_TOP)
    return _press_until(driver, _INSIDE, css_selector, limit)


def tab_stops_through(
    driver, start: str | None, region: str, limit: int = 50, backwards: bool = False
) -> int | None:
    """Tab presses from the element `start` (None: wherever focus is) until focus is past
    `region` (before it with `backwards`, which presses Shift+Tab). A region that is one Tab stop
    costs 2; None if focus has not left it after `limit` presses."""
    if start is not None:
        driver.execute_script(_START_AT, start)
    return _press_until(driver, _BEFORE if backwards else _PAST, region, limit, backwards)


def focused(driver) -> str:
    """The focused element as tag#id.class1.class2, for assertion messages."""
    return driver.execute_script(_DESCRIBE_FOCUS)
