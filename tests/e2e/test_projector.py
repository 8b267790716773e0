"""Issue 17: the workshop projector in a real browser, at 1280×720 and 1920×1080, demo mode.

For every slide: nothing scrolls and nothing lies outside the window; every text on the slide
is at least 24 px (the title larger), measured as the browser computed it, HTML text and the
chart's SVG labels alike; one chart at most, filling the slide; sidebar, header and demo banner
are gone and no hidden control can take the keyboard focus. The arrow keys step through the
slides (Streamlit's button shortcuts), the slide number stays in the address and survives a
reload, and "Präsentation beenden" brings the sidebar and the banner back.

The store is the demo data plus released impact staircases of six initiatives of the demo
network, so the staircase slide shows its chart (too few staircases would show the reason).
Screenshots of every slide: ``test-output/e2e/projector-<size>-<n>.png``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from mintqo.services import plans, self_analysis
from mintqo.store.engine import read_session
from tests.builders import Builder
from tests.e2e.conftest import (
    EXPECT_TIMEOUT_MS,
    OUTPUT,
    copy_store,
    start_app_server,
    wait_for_idle,
)

MIN_TEXT = 24
MIN_TITLE = 36  # "titles larger"
BANNER = "Demo-Modus: Es werden synthetische Daten angezeigt."
TITLES = (
    "Beteiligung",
    "Netzwerkprofil",
    "Angebotsqualität: Verteilung je Kriterium",
    "Ressourcenqualität: Verteilung je Kriterium",
    "Ergebnisqualität: Verteilung je Kriterium",
    "Themen für den Workshop",
    "Wirkungstreppe im Netzwerk",
    "Mitmachen",
    "Diskussion",
)
WITH_CHART = {2, 3, 4, 5, 6, 7}

MEASURE = r"""(minimum) => {
    const root = document.querySelector('.st-key-projector');
    const main = document.querySelector('[data-testid="stMain"]');
    const out = {
        scroll: [document.documentElement.scrollHeight, window.innerHeight,
                 document.documentElement.scrollWidth, window.innerWidth,
                 main.scrollHeight, main.clientHeight],
        small: [], outside: [], texts: 0, svgTexts: 0, svgSizes: [], titleSize: 0,
        renderers: [], charts: [], focusable: [], labels: [], overlaps: [],
    };
    const visible = (el) => {
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && style.visibility !== 'hidden';
    };
    // HTML text: every visible text node inside the slide
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const text = node.textContent.trim();
        const el = node.parentElement;
        if (!text || el.closest('svg') || !visible(el)) continue;
        out.texts += 1;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < minimum) out.small.push([text.slice(0, 40), size]);
        const r = el.getBoundingClientRect();
        if (r.bottom > window.innerHeight + 1 || r.right > window.innerWidth + 1 ||
            r.top < -1 || r.left < -1) out.outside.push(text.slice(0, 40));
    }
    const title = root.querySelector('h1');
    out.titleSize = title ? parseFloat(getComputedStyle(title).fontSize) : 0;
    // charts: renderer, size, and every label of the drawn SVG
    for (const chart of root.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
        const drawn = chart.querySelector('svg.marks, canvas');
        out.renderers.push(drawn ? drawn.tagName.toLowerCase() : null);
        const r = chart.getBoundingClientRect();
        out.charts.push([r.width, r.height, r.bottom]);
        if (!drawn || drawn.tagName.toLowerCase() !== 'svg') continue;
        const boxes = [];
        for (const t of drawn.querySelectorAll('text')) {
            const text = (t.textContent || '').trim();
            if (!text || !visible(t)) continue;
            out.labels.push(text.replace(/\s+/g, ''));
            const b = t.getBoundingClientRect();
            for (const [other, o] of boxes) {
                if (b.left < o.right - 1 && o.left < b.right - 1 &&
                    b.top < o.bottom - 1 && o.top < b.bottom - 1) {
                    out.overlaps.push([text.slice(0, 25), other.slice(0, 25)]);
                }
            }
            boxes.push([text, b]);
            out.svgTexts += 1;
            const size = parseFloat(getComputedStyle(t).fontSize);
            out.svgSizes.push(size);
            if (size < minimum) out.small.push(['svg: ' + text.slice(0, 30), size]);
        }
    }
    // keyboard: no visible focusable element outside the slide (the hidden frame is gone);
    // Streamlit's "skip to content" link leads into the slide and stays
    const focusable = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';
    for (const el of document.querySelectorAll(focusable)) {
        if (!visible(el) || root.contains(el) || el === main) continue;
        if (el.dataset.testid === 'stSkipToContent') continue;
        out.focusable.push(el.outerHTML.slice(0, 80));
    }
    return out;
}"""


@pytest.fixture(scope="module")
def projector_server(
    e2e_db_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A demo-mode server whose demo network has released impact staircases."""
    from sqlalchemy import select

    from mintqo.store.engine import make_engine
    from mintqo.store.models import Initiative

    db = copy_store(e2e_db_template, tmp_path_factory.mktemp("e2e-projector"), "projector")
    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as s:
            anonymous = list(
                s.scalars(
                    select(Initiative.id).where(
                        Initiative.network_id == 1, Initiative.share_named_results.is_(False)
                    )
                )
            )
        build = Builder(engine)
        filled = 0
        for n, initiative_id in enumerate(anonymous):
            member = build.user(f"treppe-{n}", "initiative", initiative_id=initiative_id)
            projects = self_analysis.my_projects(engine, member)
            if not projects:
                continue
            steps = {s: ("ja", "teilweise", "nein")[(n + s) % 3] for s in range(1, 3 + n % 5)}
            plans.save_staircase(
                engine, member, projects[0].id, {s: (e, "") for s, e in steps.items()}
            )
            filled += 1
            if filled == 6:
                break
        assert filled == 6
    finally:
        engine.dispose()
    with start_app_server(db, {"MINTQO_DEMO": "1"}) as url:
        yield url, db


@pytest.fixture(params=[(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def screen(browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    width, height = request.param
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": height})
    context.set_default_timeout(EXPECT_TIMEOUT_MS)
    page = context.new_page()
    page.size_name = f"{width}x{height}"  # type: ignore[attr-defined]
    yield page
    context.close()


def _coordinator(page: Page, url: str) -> None:
    page.goto(f"{url}/?demo=koordination")
    expect(page.get_by_text("Angemeldet als")).to_be_visible()
    page.wait_for_function("document.cookie.includes('mintqo_auth=')")


def _on_slide(page: Page, n: int) -> None:
    """Wait until slide ``n`` is drawn (its title, its chart) and the app is idle."""
    expect(page.get_by_role("heading", level=1, name=TITLES[n - 1], exact=True)).to_be_visible()
    expect(page.get_by_text(f"Folie {n} von {len(TITLES)}", exact=True)).to_be_visible()
    if n in WITH_CHART:
        chart = page.locator(".st-key-projector [data-testid='stVegaLiteChart'] svg.marks")
        expect(chart).to_be_visible()
        expect(chart.locator("text").first).to_be_attached()
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    assert page.url.endswith(f"folie={n}") or f"folie={n}&" in page.url, page.url


def _expected_labels(db: Path) -> dict[int, list[str]]:
    """Per slide with a chart, the names its chart must show (every row, every spoke)."""
    from mintqo.dashboards.staircase import STEP_LABELS
    from mintqo.questionnaire import load_questionnaire
    from mintqo.services import acting, workshop
    from mintqo.store.engine import make_engine

    q = load_questionnaire()
    engine = make_engine(f"sqlite:///{db}")
    try:
        coordinator = acting.resolve(engine, "demo-koordination")
        deck = workshop.deck(engine, coordinator, 1)
    finally:
        engine.dispose()
    assert deck.staircase.shown
    return {
        2: [c.name for c in q.criteria],
        **{3 + i: [c.name for c in area.criteria] for i, area in enumerate(q.areas)},
        6: list(deck.view.dashboard.weakest["Kriterium"].head(4)),
        7: [f"{step}. {label}" for step, _level, label in STEP_LABELS],
    }


def _check(page: Page, n: int, expected: dict[int, list[str]]) -> float | None:
    page.screenshot(path=str(OUTPUT / f"projector-{page.size_name}-{n}.png"))  # type: ignore[attr-defined]
    m = page.evaluate(MEASURE, MIN_TEXT)
    doc_h, win_h, doc_w, win_w, main_h, main_client = m["scroll"]
    problems = []
    if doc_h > win_h or doc_w > win_w or main_h > main_client:
        problems.append(("scrolls", m["scroll"]))
    if m["small"]:
        problems.append(("text below 24 px", m["small"][:8]))
    if m["outside"]:
        problems.append(("text outside the window", m["outside"][:5]))
    if m["titleSize"] < MIN_TITLE:
        problems.append(("title not larger", m["titleSize"]))
    if m["focusable"]:
        problems.append(("focusable outside the slide", m["focusable"][:3]))
    if n in WITH_CHART:
        if m["renderers"] != ["svg"]:
            problems.append(("one SVG chart expected", m["renderers"]))
        elif m["svgTexts"] < 3:
            problems.append(("chart labels not found", m["svgTexts"]))
        width, height, bottom = m["charts"][0]
        if height < 0.55 * win_h or width < 0.85 * win_w or bottom > win_h:
            problems.append(("chart does not fill the slide", m["charts"][0], win_w, win_h))
        shown = "|".join(m["labels"])
        missing = [name for name in expected[n] if "".join(name.split()) not in shown]
        if missing:
            problems.append(("labels missing", missing))
        if m["overlaps"]:
            problems.append(("labels overlap", m["overlaps"][:5]))
    elif m["renderers"]:
        problems.append(("unexpected chart", m["renderers"]))
    assert m["texts"] >= 3, (n, m["texts"])  # the measurement saw the slide's text
    assert not problems, (page.size_name, n, TITLES[n - 1], problems)  # type: ignore[attr-defined]
    sizes = m["svgSizes"]
    return min(sizes) if sizes else None


def test_every_slide_fits_and_is_legible(projector_server, screen: Page) -> None:
    url, db = projector_server
    expected = _expected_labels(db)
    page = screen
    _coordinator(page, url)
    page.goto(f"{url}/workshop")
    expect(
        page.get_by_role("heading", level=1, name="Workshop: MINT-Region Demoland")
    ).to_be_visible()
    wait_for_idle(page)
    expect(page.get_by_text(BANNER)).to_be_visible()
    if page.size_name == "1280x720":  # type: ignore[attr-defined]
        with page.expect_download() as download:
            page.get_by_role("button", name="Workshop-Handout (PDF)").click()
        assert download.value.suggested_filename.startswith("Workshop-Handout_MINT-Region")
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
        wait_for_idle(page)
    page.get_by_role("button", name="Präsentation starten").click()
    _on_slide(page, 1)
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_text(BANNER)).to_be_hidden()
    chart_sizes = []
    for n in range(1, len(TITLES) + 1):
        if n > 1:
            page.keyboard.press("ArrowRight")  # the arrow key steps, as the button would
        _on_slide(page, n)
        smallest = _check(page, n, expected)
        if smallest is not None:
            chart_sizes.append(smallest)
        if n == 8:  # the join slide: a QR code that can be scanned from the room
            qr = page.locator(".st-key-slide-qr img")
            expect(qr).to_be_visible()
            box = qr.bounding_box()
            assert box and box["height"] >= 0.35 * page.viewport_size["height"], box
    print(page.size_name, "smallest chart label per slide (px):", chart_sizes)  # type: ignore[attr-defined]
    assert min(chart_sizes) >= MIN_TEXT
    page.keyboard.press("ArrowRight")  # the last slide is the end
    expect(page.get_by_text(f"Folie {len(TITLES)} von {len(TITLES)}")).to_be_visible()
    # back with the other arrow; the place survives a reload
    page.keyboard.press("ArrowLeft")
    _on_slide(page, 8)
    page.keyboard.press("ArrowLeft")
    _on_slide(page, 7)
    page.reload()
    _on_slide(page, 7)
    wait_for_idle(page)  # the reload's run is over
    # the end of the presentation brings back the app's frame
    page.get_by_role("button", name="Präsentation beenden").click()
    expect(
        page.get_by_role("heading", level=1, name="Workshop: MINT-Region Demoland")
    ).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    expect(page.get_by_text(BANNER)).to_be_visible()
    assert "folie=" not in page.url


def test_slide_links_are_checked(projector_server, screen: Page) -> None:
    """A shared address opens its slide; one that names no slide opens the first."""
    url, _db = projector_server
    page = screen
    _coordinator(page, url)
    page.goto(f"{url}/workshop?folie=6")
    _on_slide(page, 6)
    page.goto(f"{url}/workshop?folie=%3Cscript%3E")
    _on_slide(page, 1)
    expect(
        page.get_by_text(re.compile(r"^\d+ von \d+ Initiativen haben abgeschickt$"))
    ).to_be_visible()
