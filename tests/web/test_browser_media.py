"""The page in every medium, in a real browser: the dark theme (axe-core's contrast rules, and the
charts' SVG measured here), print, focus rings, target sizes, the phone's citation sheet and a
permalink's scroll. Media are emulated through Chrome DevTools (Emulation.setEmulatedMedia).

Run with `pytest --headless tests/web/test_browser_media.py`; needs node_modules/axe-core.
"""

from __future__ import annotations

import pytest
from dash.testing.wait import until

from dashboard.server.app import create_app
from dashboard.web import ids
from tests.a11y import (
    axe_contrast,
    axe_violations,
    contrast_ratio,
    relative_luminance,
    violations_message,
)
from tests.page import mount_table

# The suite turns warnings into errors; these come from the test harness, not the app (see
# tests/web/test_browser_table.py).
pytestmark = [
    pytest.mark.filterwarnings("ignore:HTTPResponse.getheader:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

PORT = 8072  # its own port, so these run beside other browser suites
# A statement far down the page (the repression chart), in a forest panel: it gets a band.
FAR_FIGURE = "000-great-purge-executions-l14"
SOURCE = "000_d541d214e9d92eda.txt"
PHONE, WIDE = 390, 1280

ALL_DRAWN = """return document.querySelectorAll('.chart-drawing').length === 0
    && document.querySelectorAll('.chart .js-plotly-plot .main-svg').length > 0"""
# Charts fold until opened (layout._chart); measuring their SVG needs them open.
UNFOLD = """document.querySelectorAll('details.chart-body').forEach(d => { d.open = true; });
    return [...document.querySelectorAll('.chart .js-plotly-plot')].every(
        gd => gd.getBoundingClientRect().width > 0);"""
PANEL_OPEN = """const p = document.querySelector('.citation-panel');
    return !!p && getComputedStyle(p).display !== 'none' && !!p.querySelector('mark');"""
# Colour helpers for the scripts below: a computed colour as '#rrggbb' with its alpha, and the
# first opaque background behind an element.
COLOUR_JS = """
function colour(text) {
  const m = (text || '').match(/[\\d.]+/g);
  if (!m || m.length < 3) return null;
  const hex = '#' + m.slice(0, 3).map(x => Math.round(+x).toString(16).padStart(2, '0')).join('');
  return {hex: hex, alpha: m.length > 3 ? +m[3] : 1};
}
function background(el) {
  for (let e = el; e; e = e.parentElement) {
    const c = colour(getComputedStyle(e).backgroundColor);
    if (c && c.alpha >= 0.99) return c.hex;
  }
  return '#ffffff';
}
"""
# Every chart's backgrounds (its paper, and each band behind rows), the fill of every text it
# prints, and every mark's colour with the opacity it is drawn at. Bands (.js-fill) and the
# invisible click bars (.barlayer) are not marks; a hover label draws its own box.
CHART_COLOURS = (
    COLOUR_JS
    + """
const out = [];
for (const gd of document.querySelectorAll('.chart .js-plotly-plot')) {
  const paper = colour(getComputedStyle(gd.querySelector('.main-svg')).backgroundColor).hex;
  const backgrounds = [paper];
  for (const band of gd.querySelectorAll('.shapelayer path')) {
    const s = getComputedStyle(band), c = colour(s.fill);
    if (c && +s.fillOpacity > 0) backgrounds.push({hex: c.hex, alpha: c.alpha * s.fillOpacity});
  }
  const texts = [...gd.querySelectorAll('text')]
    .filter(t => t.textContent.trim() && !t.closest('.hoverlayer')
                 && t.getBoundingClientRect().width > 0)
    .map(t => colour(getComputedStyle(t).fill).hex);
  const marks = [];
  for (const el of gd.querySelectorAll('.scatterlayer .point, .scatterlayer .js-line, '
                                       + '.scatterlayer .errorbar path')) {
    if (el.getBoundingClientRect().width === 0 && el.getBoundingClientRect().height === 0) continue;
    const s = getComputedStyle(el);
    let opacity = 1;
    for (let e = el; e && e.tagName !== 'svg'; e = e.parentElement) opacity *= +getComputedStyle(e).opacity;
    const filled = s.fill !== 'none' && +s.fillOpacity > 0 && colour(s.fill)?.alpha > 0;
    const stroked = s.stroke !== 'none' && +s.strokeOpacity > 0 && parseFloat(s.strokeWidth) > 0;
    const c = filled ? colour(s.fill) : stroked ? colour(s.stroke) : null;
    if (c && c.alpha > 0) marks.push({hex: c.hex, opacity: opacity * c.alpha});
  }
  out.push({chart: gd.parentElement.id || gd.closest('.chart').id, backgrounds, texts, marks});
}
return out;
"""
)
# Each focusable control, focused: the colour and width of the ring it shows (its own outline or,
# for a dropdown, its wrapper's) and the background the ring is drawn on.
FOCUS_RINGS = (
    COLOUR_JS
    + """
const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
  + '[role=slider], [tabindex]:not([tabindex="-1"])';
const out = [];
for (const el of document.querySelectorAll(selector)) {
  const box = el.getBoundingClientRect(), style = getComputedStyle(el);
  if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || el.disabled) continue;
  if (el.closest('[aria-hidden="true"]') && el.tabIndex < 0) continue;
  el.focus();
  if (document.activeElement !== el) continue;
  let ring = null;
  for (let e = el, up = 0; e && up < 4 && !ring; e = e.parentElement, up++) {
    const s = getComputedStyle(e);
    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) ring = e;
  }
  const what = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '');
  if (!ring) { out.push({what, colour: null}); continue; }
  const s = getComputedStyle(ring);
  const behind = parseFloat(s.outlineOffset) < 0 ? background(ring) : background(ring.parentElement);
  out.push({what, colour: colour(s.outlineColor).hex, width: parseFloat(s.outlineWidth), behind});
}
document.activeElement.blur();
return out;
"""
)
# Every pointer target smaller than 24 x 24 px. Exempt: a target inside a sentence (inline, its
# block holding more text than the target), and a link with room around it, as WCAG 2.5.8 allows
# (a 24 px circle on its centre meets no other target nor another such circle: the overview's
# lines). Controls get no such exemption. A checkbox's target is its label; an element that takes
# no pointer events (Dash's invisible dropdown focus target), or lies under another (an open
# dropdown's menu), is no target. arguments[0], if given, limits the report to that element's.
SMALL_TARGETS = """
const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
  + '[role=slider], [role=button], [role=checkbox], [tabindex]:not([tabindex="-1"])';
function inSentence(el) {
  if (getComputedStyle(el).display !== 'inline') return false;
  let block = el.parentElement;
  while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
  return !!block && block.textContent.trim() !== el.textContent.trim();
}
const targets = [];
for (const el of document.querySelectorAll(selector)) {
  const style = getComputedStyle(el);
  let box = el.getBoundingClientRect();
  if (box.width <= 1 || box.height <= 1) continue;  // not shown, or visually hidden
  if (style.visibility === 'hidden' || style.pointerEvents === 'none') continue;
  const label = el.closest('label');
  const owner = el.matches('input[type=checkbox], input[type=radio]') && label ? label : el;
  box = owner.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  if (hit && !owner.contains(hit) && !hit.contains(owner)) continue;  // covered
  targets.push({el, box, small: box.width < 23.5 || box.height < 23.5, inline: inSentence(el)});
}
const centre = b => [b.left + b.width / 2, b.top + b.height / 2];
function meets(c, b) {  // does a 12 px radius circle at c touch box b?
  const dx = Math.max(b.left - c[0], 0, c[0] - b.right), dy = Math.max(b.top - c[1], 0, c[1] - b.bottom);
  return dx * dx + dy * dy < 144;
}
const neighbour = t => targets.find(o => o !== t && !o.el.contains(t.el) && !t.el.contains(o.el)
  && (meets(centre(t.box), o.box)
      || (o.small && Math.hypot(...centre(t.box).map((v, i) => v - centre(o.box)[i])) < 24)));
const near = t => t.el.tagName === 'A' ? neighbour(t) : t;
const within = arguments[0] ? document.querySelector(arguments[0]) : document.documentElement;
return targets.filter(t => within.contains(t.el) && t.small && !t.inline && near(t)).map(
  t => t.el.outerHTML.slice(0, 90) + ` ${t.box.width.toFixed(1)}x${t.box.height.toFixed(1)}`
       + (near(t) !== t ? ' near ' + near(t).el.outerHTML.slice(0, 60) : ''));
"""
# In print: every control still laid out (it should be display: none, or have no size).
PRINTED_CONTROLS = """
return [...document.querySelectorAll(
    'input, button, select, textarea, [role=slider], a[download], .skip-link, .skip, '
    + '.cite-formats a, .permalink, .embed-snippet')]
  .filter(e => { const r = e.getBoundingClientRect();
                 return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; })
  .map(e => e.outerHTML.slice(0, 80));
"""
# The grid's text, which axe-core cannot measure (see tests/a11y.py, axe_contrast): each header
# and cell's colour and the background behind it.
GRID_TEXT = (
    COLOUR_JS
    + """
return [...document.querySelectorAll(
    arguments[0] + ' .ag-header-cell-text, ' + arguments[0] + ' .ag-cell')]
  .filter(e => e.textContent.trim() && e.getBoundingClientRect().height > 0)
  .map(e => [colour(getComputedStyle(e).color).hex, background(e), e.textContent.trim()]);
"""
)
PAGE_COLOURS = (
    COLOUR_JS
    + """
return {ink: colour(getComputedStyle(document.body).color).hex, paper: background(document.body)};
"""
)
# The chosen row's band on its chart (forest panels draw one): where it is in the window, and
# how much of the window the page shows (above the citation sheet on a phone).
CHOSEN_ROW = """
const band = [...document.querySelectorAll('.chart .shapelayer path')]
  .find(p => (p.getAttribute('style') || '').includes('255, 200, 60'));
if (!band) return null;
const r = band.getBoundingClientRect(), sheet = document.querySelector('.citation-panel');
const s = sheet && getComputedStyle(sheet).display !== 'none' ? sheet.getBoundingClientRect() : null;
const bottom = s && s.top > 0 && s.left <= 1 ? s.top : window.innerHeight;
return {top: r.top, bottom: r.bottom, visible_bottom: bottom, scrolled: window.scrollY};
"""


def emulate(driver, theme: str = "light", media: str = "") -> None:
    """The reader's colour scheme and the medium (\"\" for the screen, \"print\")."""
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"media": media, "features": [{"name": "prefers-color-scheme", "value": theme}]},
    )


def open_page(dash_duo, path: str = "/", width: int = WIDE, height: int = 900) -> None:
    """Load `path` at `width` and wait until every chart is drawn (and a permalink's citation)."""
    driver = dash_duo.driver
    driver.set_window_size(width, height)
    driver.get(dash_duo.server_url + path)
    until(lambda: driver.execute_script(ALL_DRAWN), timeout=40)
    if "figure=" in path:
        until(lambda: driver.execute_script(PANEL_OPEN), timeout=15)


def over(colour: str, opacity: float, background: str) -> str:
    """`colour` drawn at `opacity` over an opaque `background`, as the screen shows it."""
    mixed = (
        round(opacity * int(colour[i : i + 2], 16) + (1 - opacity) * int(background[i : i + 2], 16))
        for i in (1, 3, 5)
    )
    return "#" + "".join(f"{c:02x}" for c in mixed)


def opaque_backgrounds(backgrounds: list) -> list[str]:
    """A chart's paper, and each band blended over it."""
    paper, *bands = backgrounds
    return [paper, *(over(b["hex"], b["alpha"], paper) for b in bands)]


@pytest.fixture
def served(dash_duo):
    dash_duo.start_server(create_app(), port=PORT)
    return dash_duo


@pytest.mark.parametrize("width", [WIDE, PHONE])
def test_bm001_dark_theme_passes_axe_contrast_rules(served, width):
    driver = served.driver
    emulate(driver, "dark")
    open_page(served, f"/?figure={FAR_FIGURE}", width)
    mount_table(served)
    page = driver.execute_script(PAGE_COLOURS)
    assert relative_luminance(page["paper"]) < 0.02, page  # the dark theme is on
    violations = axe_violations(driver)
    assert violations == [], violations_message(violations)
    # axe-core skips its contrast rule altogether once the grid is in the page: measured without
    # the grid, and the grid's text measured here.
    grid = f"#{ids.GRID}"
    contrast = axe_contrast(driver, exclude=(grid,))
    assert contrast["errors"] == []
    assert contrast["violations"] == []
    assert contrast["measured"] > 100, contrast
    cells = driver.execute_script(GRID_TEXT, grid)
    assert len(cells) > 20
    low = [cell for cell in cells if contrast_ratio(cell[0], cell[1]) < 4.5]
    assert low == [], low
    # axe measures contrast in the dark theme: a grey line of text it must refuse.
    driver.execute_script(
        "const p = document.createElement('p'); p.id = 'low'; p.textContent = 'Faint words';"
        "p.style.color = '#3a3a3a'; document.querySelector('main').prepend(p);"
    )
    faint = axe_contrast(driver, exclude=(grid,))["violations"]
    assert len(faint) == 1, faint
    assert faint[0].startswith("#low"), faint
    assert served.get_logs() == []


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_bm002_chart_texts_and_marks_keep_contrast_on_every_chart_background(served, theme):
    """axe-core skips SVG text and marks: measured here from the computed styles, which include
    the dark theme's !important rules over plotly's inline colours."""
    driver = served.driver
    emulate(driver, theme)
    open_page(served, f"/?figure={FAR_FIGURE}")
    until(lambda: driver.execute_script(UNFOLD), timeout=10)
    charts = driver.execute_script(CHART_COLOURS)
    assert len(charts) >= 6
    assert any(len(c["backgrounds"]) > 2 for c in charts)  # bands and the chosen row measured
    failures = []
    for chart in charts:
        backgrounds = opaque_backgrounds(chart["backgrounds"])
        if theme == "dark":
            assert relative_luminance(backgrounds[0]) < 0.02, chart["chart"]
        for background in backgrounds:
            for text in set(chart["texts"]):
                if contrast_ratio(text, background) < 4.5:
                    failures.append(f"{chart['chart']}: text {text} on {background}")
            for mark in chart["marks"]:
                drawn = over(mark["hex"], mark["opacity"], background)
                if contrast_ratio(drawn, background) < 3:
                    failures.append(f"{chart['chart']}: mark {mark} on {background}")
    assert sum(len(c["marks"]) for c in charts) > 100
    assert failures == [], "\n".join(sorted(set(failures)))
    assert served.get_logs() == []


@pytest.mark.parametrize("width", [WIDE, PHONE])
def test_bm003_print_shows_charts_summaries_and_sources_and_no_control(served, width):
    driver = served.driver
    open_page(served, f"/?figure={FAR_FIGURE}", width)
    emulate(driver, "dark", "print")  # a reader in the dark theme prints black on white
    assert driver.execute_script(PRINTED_CONTROLS) == []
    assert driver.execute_script(PAGE_COLOURS) == {"ink": "#000000", "paper": "#ffffff"}
    shown = driver.execute_script(
        "const seen = s => [...document.querySelectorAll(s)].filter("
        "  e => e.getBoundingClientRect().height > 0);"
        "return {charts: seen('.chart .js-plotly-plot').length,"
        "        summaries: seen('.chart .caption').filter(e => e.textContent.trim()).length,"
        "        sources: seen('.sources-list li').length,"
        "        whole: [...document.querySelectorAll('.chart')].every("
        "          e => getComputedStyle(e).breakInside === 'avoid')};"
    )
    assert shown["charts"] >= 6
    assert shown["summaries"] >= 6
    assert shown["sources"] == 2
    assert shown["whole"]
    emulate(driver)
    assert driver.execute_script(PRINTED_CONTROLS) != []  # on screen the controls are back
    assert served.get_logs() == []


@pytest.mark.parametrize("width", [WIDE, PHONE])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_bm004_every_focus_ring_keeps_3_to_1_against_what_is_behind_it(served, theme, width):
    driver = served.driver
    emulate(driver, theme)
    open_page(served, f"/?figure={FAR_FIGURE}", width)
    mount_table(served)
    rings = driver.execute_script(FOCUS_RINGS)
    assert len(rings) > 30, rings
    assert any(r["what"].startswith("input") for r in rings)
    assert any("slider" in r["what"] for r in rings), rings
    failures = [
        r
        for r in rings
        if r["colour"] is None or r["width"] < 2 or contrast_ratio(r["colour"], r["behind"]) < 3
    ]
    assert failures == [], failures
    assert served.get_logs() == []


@pytest.mark.parametrize("width", [WIDE, PHONE])
def test_bm005_every_target_is_at_least_24_px_square(served, width):
    driver = served.driver
    open_page(served, f"/?figure={FAR_FIGURE}", width)  # the citation's buttons and links too
    mount_table(served)
    assert driver.execute_script(SMALL_TARGETS) == []
    sizes = driver.execute_script(
        "return [...document.querySelectorAll('[role=slider]')].map("
        "  e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])"
    )
    assert len(sizes) == 2
    assert all(w >= 24 and h >= 24 for w, h in sizes), sizes
    permalink = served.find_element(".citation-panel .permalink").size
    assert permalink["height"] >= 24, permalink  # a link on its own, not spaced out
    # An open dropdown: its search box, Select All / Deselect All and each option's checkbox row.
    driver.execute_script("document.querySelector('.citation-panel button').click()")
    dropdown = served.find_element("button.dash-dropdown")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", dropdown)
    dropdown.click()
    served.wait_for_element(".dash-dropdown-content .dash-dropdown-option", timeout=5)
    assert driver.execute_script(SMALL_TARGETS, ".dash-dropdown-content") == []
    assert served.get_logs() == []


def test_bm006_phone_sheet_keeps_close_in_view_while_the_citation_scrolls(served):
    driver = served.driver
    open_page(served, f"/?figure={FAR_FIGURE}", PHONE, 844)
    where = driver.execute_script(
        """const panel = document.querySelector('.citation-panel');
        panel.scrollTop = panel.scrollHeight;
        const close = [...panel.querySelectorAll('button')].find(
            b => b.textContent.trim() === 'Close citation');
        const r = close.getBoundingClientRect(), p = panel.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return {scrolled: panel.scrollTop, top: r.top, bottom: r.bottom, panel_top: p.top,
                window: window.innerHeight, on_top: close.contains(hit)};"""
    )
    assert where["scrolled"] > 100, where  # the citation is longer than the sheet
    assert where["top"] >= where["panel_top"] - 1, where
    assert where["bottom"] <= where["window"], where
    assert where["on_top"], where  # not covered by the text scrolled under it
    assert served.get_logs() == []


@pytest.mark.parametrize("width", [WIDE, PHONE])
def test_bm007_a_permalink_scrolls_its_chart_row_into_view(served, width):
    driver = served.driver
    open_page(served, "/", width)
    assert driver.execute_script("return window.scrollY") == 0  # no permalink: no scroll
    open_page(served, f"/?figure={FAR_FIGURE}", width)

    def row_in_view():
        row = driver.execute_script(CHOSEN_ROW)
        return row and row["top"] >= 0 and row["bottom"] <= row["visible_bottom"] and row

    row = until(row_in_view, timeout=25, msg="the permalink's row never came into view")
    assert row["scrolled"] > 1000, row  # it was far below the first screen
    assert served.get_logs() == []


@pytest.mark.parametrize("theme", ["dark", "print"])
def test_bm008_source_figure_and_not_found_pages_take_the_theme(served, theme):
    driver = served.driver
    driver.set_window_size(WIDE, 900)
    for path in (f"/source/{SOURCE}#L14", f"/figure/{FAR_FIGURE}", "/nope"):
        emulate(driver, "dark", "print" if theme == "print" else "")
        driver.get(served.server_url + path)
        until(lambda: driver.execute_script("return document.readyState") == "complete", 10)
        colours = driver.execute_script(PAGE_COLOURS)
        if theme == "dark":
            assert relative_luminance(colours["paper"]) < 0.02, (path, colours)
            assert contrast_ratio(colours["ink"], colours["paper"]) >= 4.5, (path, colours)
            violations = axe_violations(driver)
            assert violations == [], f"{path}: {violations_message(violations)}"
            assert driver.execute_script(SMALL_TARGETS) == [], path
        else:
            assert colours == {"ink": "#000000", "paper": "#ffffff"}, path
            assert driver.execute_script(PRINTED_CONTROLS) == [], path
    home = driver.find_element("css selector", "a[href='/']")
    assert home.text == "Go to the dashboard"
