"""Issue 14, item 11: every chart fits its container at 1280×720 and on a phone (390×844).

For every chart on the dashboards and the profile: the drawn chart is no wider than its
element, the element no wider than the main column, the page does not scroll sideways, and no
label or legend entry is cut off: every text of the chart's SVG lies within the chart and no
text ends in Vega's "…". Screenshots of every chart are saved in ``test-output/e2e/``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    EXPECT_TIMEOUT_MS,
    OUTPUT,
    log_in,
    open_page,
    open_section,
    wait_for_idle,
)

VIEWPORTS = {"desktop": (1280, 720), "phone": (390, 844)}
# (user, sidebar entry, page heading, charts at least per section; None: a page without)
PAGES = (
    (
        "demo-koordination",
        "Mein Netzwerk",
        "Mein Netzwerk: MINT-Region Demoland",
        {"Profil": 1, "Verteilung": 1, "Initiativen": 1, "Beteiligung": 1},
    ),
    ("demo-koordination", "Workshop-Modus", "Workshop: MINT-Region Demoland", {"Vorschau": 2}),
    (
        "demo-admin",
        "Nationale Übersicht",
        "Nationale Übersicht",
        {"Netzwerke": 1, "Kohorten": 1, "Beteiligung": 1},
    ),
    (
        "demo-initiative",
        "Mein Profil",
        "Mein Profil",
        {"Profil": 1, "Entwicklung": 1, "Wirkung und Maßnahmen": 1},
    ),
)

MEASURE = """(chart) => {
    const box = chart.getBoundingClientRect();
    const drawn = chart.querySelector('svg.marks, canvas');
    const main = document.querySelector('[data-testid="stMain"]');
    const result = {
        element: [box.left, box.right],
        main: [main.getBoundingClientRect().left, main.getBoundingClientRect().right],
        drawn: drawn ? [drawn.getBoundingClientRect().left, drawn.getBoundingClientRect().right]
                     : null,
        renderer: drawn ? drawn.tagName : null,
        outside: [],
        cut: [],
    };
    if (drawn && drawn.tagName.toLowerCase() === 'svg') {
        const frame = drawn.getBoundingClientRect();
        for (const text of drawn.querySelectorAll('text')) {
            const content = text.textContent || '';
            if (!content.trim()) continue;
            const r = text.getBoundingClientRect();
            if (r.width === 0) continue;
            if (r.left < frame.left - 1 || r.right > frame.right + 1 ||
                r.top < frame.top - 1 || r.bottom > frame.bottom + 1) {
                result.outside.push(content);
            }
            if (content.endsWith('…')) result.cut.push(content);
        }
    }
    return result;
}"""


@pytest.fixture(params=list(VIEWPORTS))
def sized_page(browser, request: pytest.FixtureRequest):
    width, height = VIEWPORTS[request.param]
    phone = request.param == "phone"
    context = browser.new_context(
        locale="de-DE",
        viewport={"width": width, "height": height},
        device_scale_factor=2 if phone else 1,
        is_mobile=phone,
        has_touch=phone,
    )
    context.set_default_timeout(EXPECT_TIMEOUT_MS)
    page = context.new_page()
    page.viewport_name = request.param  # type: ignore[attr-defined]
    yield page
    context.close()


def _check_charts(page: Page, name: str, at_least: int) -> None:
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts.first.locator("svg.marks, canvas").first).to_be_visible()
    assert charts.count() >= at_least, f"{name}: {charts.count()} charts"
    problems = []
    for n in range(charts.count()):
        chart = charts.nth(n)
        chart.scroll_into_view_if_needed()
        expect(chart.locator("svg.marks, canvas").first).to_be_visible()
        chart.screenshot(path=str(OUTPUT / f"chart-fit-{name}-{n}.png"))
        m = chart.evaluate(MEASURE)
        left, right = m["element"]
        if m["drawn"] is None:
            problems.append((n, "nothing drawn"))
            continue
        if m["drawn"][0] < left - 1 or m["drawn"][1] > right + 1:
            problems.append((n, "wider than its element", m["drawn"], m["element"]))
        if left < m["main"][0] - 1 or right > m["main"][1] + 1:
            problems.append((n, "wider than the main column", m["element"], m["main"]))
        if m["renderer"].lower() == "svg":
            if m["outside"]:
                problems.append((n, "texts outside the chart", m["outside"][:5]))
            if m["cut"]:
                problems.append((n, "texts cut off", m["cut"][:5]))
    widths = page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            return [document.documentElement.scrollWidth, window.innerWidth,
                    main.scrollWidth, main.clientWidth];
        }"""
    )
    if widths[0] > widths[1] or widths[2] > widths[3]:
        problems.append(("page", "scrolls sideways", widths))
    assert not problems, f"{name}: {problems}"


@pytest.mark.parametrize(("username", "entry", "heading", "sections"), PAGES)
def test_charts_fit_their_container(
    app_server: str,
    sized_page: Page,
    username: str,
    entry: str,
    heading: str,
    sections: dict[str | None, int],
) -> None:
    page = sized_page
    log_in(page, app_server, username)
    open_page(page, entry, heading)
    wait_for_idle(page)
    for section, at_least in sections.items():
        if section is not None:
            open_section(page, section)
        name = f"{page.viewport_name}-{entry}-{section or ''}"  # type: ignore[attr-defined]
        name = name.lower().replace(" ", "-").strip("-")
        page.screenshot(path=str(OUTPUT / f"chart-fit-{name}.png"), full_page=True)
        _check_charts(page, name, at_least)
