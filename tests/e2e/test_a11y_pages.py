"""Issue 15: every page of every role, in the states that matter, checked in the browser.

One browser context per role visits its pages in one pass (anonymous, initiative, coordinator,
programme team) on the shared login-mode server with the demo data. On every page:

- **axe-core** (bundled with axe-playwright-python, no download) finds no violation of impact
  "serious" or "critical" that is not listed in ``mintqo/ui/a11y_allowlist.yaml``; listed ones
  are reported, never dropped silently, and an ``allowed`` entry that matched nothing in a full
  run fails the last test (the list stays short; a ``pending`` one only warns: its owner fixed
  it);
- the document language is ``de`` and the browser title is the page's own ("Mein Netzwerk –
  mintqo"; the visitors' start page: "Anmelden – mintqo"), also after a client-side page switch
  and after reruns;
- **keyboard**: the first tab stop from the top of a freshly loaded page, the first stops of the
  main area after the skip link, and (once per role) every stop of the sidebar are visible, have
  an accessible name, show a focus outline, and none is an iframe; every iframe on the page is
  an invisible helper that is out of the tab order and the accessibility tree (which is why axe
  runs with ``iframes: false``);
- a bare "r" (Streamlit's rerun shortcut) no longer reaches Streamlit (WCAG 2.1.4).

Findings of every page go to ``test-output/e2e/a11y-<role>.json``.
"""

from __future__ import annotations

import json
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page, expect

from mintqo.demo import SCALES
from mintqo.ui.accessibility import load_status
from mintqo.ui.document import MAIN_AREA_NAME
from mintqo.ui.german_labels import SKIP_LINK
from tests.e2e.conftest import OUTPUT, log_in, open_section, wait_for_idle

STATUS = load_status()
BLOCKING = ("serious", "critical")
MAIN_STOPS = 6  # tab stops checked in the main area of every page, after the skip link
SIDEBAR_STOPS_MAX = 15  # the sidebar (links and logout) has fewer stops than this

# Every allow-list entry that matched something, over all role tests of this module.
MATCHED: Counter[str] = Counter()
ROLES_RUN: set[str] = set()
ROLES = ("anonymous", "initiative", "team", "coordinator", "admin")

ENTRIES = [
    {"key": f"allowed:{a.rule}:{a.selector}", "rule": a.rule, "selector": a.selector}
    for a in STATUS.allowed
] + [
    {"key": f"pending:{p.rule}:{p.selector}", "rule": p.rule, "selector": p.selector}
    for p in STATUS.pending
]

# axe on the whole document (component iframes are checked to be invisible helpers instead),
# each failing element classified against the allow-list in the same browser task.
RUN_AXE = """async (entries) => {
    const results = await axe.run(document, {resultTypes: ["violations"], iframes: false});
    const findings = [];
    for (const v of results.violations) {
        for (const node of v.nodes) {
            let el = null;
            try { el = node.target.length === 1 ? document.querySelector(node.target[0]) : null; }
            catch (e) { el = null; }
            const entry = entries.find((e) => e.rule === v.id && el && el.closest(e.selector));
            findings.push({rule: v.id, impact: v.impact, help: v.help,
                           target: node.target.join(" >>> "), html: node.html.slice(0, 240),
                           entry: entry ? entry.key : null});
        }
    }
    return {version: axe.version, findings};
}"""

# The focused element: what it is, whether it can be seen, its accessible name (axe's
# algorithm), and whether focusing it changed how it (or its control) looks.
FOCUSED = """async () => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) {
        return {tag: "BODY", inMain: false, visible: false, name: "", indicator: false,
                outline: false, iframe: false};
    }
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
    const settle = () => document.getAnimations().forEach((a) => { try { a.finish(); } catch (e) {} });
    const chain = [];
    for (let n = el, i = 0; n && n.nodeType === 1 && i < 4; n = n.parentElement, i++) chain.push(n);
    for (const s of [el.previousElementSibling, el.nextElementSibling]) if (s) chain.push(s);
    const props = ["outline-style", "outline-width", "outline-color", "box-shadow",
                   "border-top-color", "border-bottom-color", "background-color", "color"];
    const look = () => chain.map((n) => {
        const cs = getComputedStyle(n);
        return props.map((p) => cs.getPropertyValue(p)).join("|");
    });
    await frame(); settle();
    const focused = look();
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    const box = el.getBoundingClientRect();
    const visible = el.checkVisibility({opacityProperty: true, visibilityProperty: true})
        && box.width >= 1 && box.height >= 1;
    axe.setup(document);
    let name = "";
    try { name = axe.commons.text.accessibleText(el) || ""; } finally { axe.teardown(); }
    el.blur();
    await frame(); settle();
    const unfocused = look();
    el.focus();
    await frame();
    return {
        tag: el.tagName, inMain: !!el.closest("#stMain"), visible, name: name.trim(),
        indicator: focused.some((s, i) => s !== unfocused[i]), outline,
        iframe: el.tagName === "IFRAME",
        testid: (el.closest("[data-testid]") || el).getAttribute("data-testid"),
        html: el.outerHTML.slice(0, 160),
    };
}"""

# Every iframe on the page: size, and whether it is out of the tab order and the a11y tree.
IFRAMES = """() => [...document.querySelectorAll("iframe")].map((f) => {
    const box = f.getBoundingClientRect();
    return {title: f.title, width: box.width, height: box.height,
            tabindex: f.getAttribute("tabindex"), hidden: f.getAttribute("aria-hidden")};
})"""


@dataclass
class RoleReport:
    """What one role's pass found; written to test-output and asserted at the end."""

    role: str
    pages: dict[str, dict] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def fail(self, where: str, text: str) -> None:
        self.problems.append(f"{where}: {text}")

    def write(self) -> None:
        OUTPUT.mkdir(parents=True, exist_ok=True)
        path = OUTPUT / f"a11y-{self.role}.json"
        path.write_text(json.dumps(asdict(self), indent=1, ensure_ascii=False), encoding="utf-8")


def ensure_axe(page: Page) -> None:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)


def check_axe(page: Page, report: RoleReport, state: str) -> None:
    # A tooltip under the resting mouse (a chart's toolbar drawn where the last click was) or
    # at the focused button fades in, and axe measures its text half-transparent: move the
    # mouse away and take the focus, and let it go (the focus order is checked on its own).
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    expect(page.locator(".stTooltipContent")).to_have_count(0)
    ensure_axe(page)
    result = page.evaluate(RUN_AXE, ENTRIES)
    assert result["version"] == STATUS.axe_core, (
        f"axe-core {result['version']} runs, the allow-list says {STATUS.axe_core}: check again "
        "and update 'axe_core' and 'checked' in mintqo/ui/a11y_allowlist.yaml"
    )
    findings = result["findings"]
    report.pages.setdefault(state, {})["axe"] = findings
    for finding in findings:
        if finding["impact"] not in BLOCKING:
            continue
        if finding["entry"] is not None:
            MATCHED[finding["entry"]] += 1
        else:
            report.fail(
                state,
                f"axe {finding['rule']} ({finding['impact']}): {finding['help']} – "
                f"{finding['target']} {finding['html']}",
            )


def check_document(page: Page, report: RoleReport, state: str, title: str) -> None:
    wanted = f"{title} – mintqo"
    try:
        expect(page).to_have_title(wanted)  # waits for the run that sets it
    except AssertionError:
        report.fail(state, f"Browsertitel {page.title()!r}, erwartet {wanted!r}")
    lang = page.evaluate("document.documentElement.lang")
    report.pages.setdefault(state, {})["lang"] = lang
    if lang != "de":
        report.fail(state, f'<html lang="{lang}">, erwartet "de"')


def check_iframes(page: Page, report: RoleReport, state: str) -> None:
    for frame in page.evaluate(IFRAMES):
        invisible = frame["width"] < 1 or frame["height"] < 1
        if not invisible:
            report.fail(state, f"sichtbares iframe {frame['title']!r}: axe prüft es nicht mit")
        elif frame["tabindex"] != "-1" or frame["hidden"] != "true":
            report.fail(state, f"unsichtbares iframe {frame['title']!r} in der Tab-Reihenfolge")


def focused(page: Page) -> dict:
    ensure_axe(page)
    return page.evaluate(FOCUSED)


def check_stop(report: RoleReport, state: str, label: str, stop: dict) -> None:
    report.pages.setdefault(state, {}).setdefault("tab", []).append(stop)
    what = f"Tab-Halt {label} ({stop['tag']} {stop.get('testid')}: {stop.get('html', '')})"
    if stop["iframe"]:
        report.fail(state, f"{what} ist ein iframe")
    if not stop["visible"]:
        report.fail(state, f"{what} ist nicht sichtbar")
    if not stop["name"]:
        report.fail(state, f"{what} hat keinen zugänglichen Namen")
    if not (stop["indicator"] and stop["outline"]):
        report.fail(state, f"{what} zeigt keinen deutlichen Fokusrahmen")


def check_tab_stops(page: Page, report: RoleReport, state: str, *, sidebar: bool) -> None:
    """From the top of a freshly loaded page: the skip link first; then either (``sidebar``)
    every stop of the sidebar up to the main area, or the skip link itself, which must move the
    focus to the main area; then the first stops of the main area."""
    page.keyboard.press("Tab")
    first = focused(page)
    check_stop(report, state, "1", first)
    if first["name"] != SKIP_LINK:
        report.fail(state, f"der erste Tab-Halt ist nicht der Link zum Inhalt: {first['name']!r}")
        return
    if sidebar:
        for n in range(2, SIDEBAR_STOPS_MAX + 2):
            page.keyboard.press("Tab")
            stop = focused(page)
            if stop["inMain"]:
                break
            check_stop(report, state, f"Seitenleiste {n}", stop)
        else:
            report.fail(state, "nach der Seitenleiste kommt der Fokus nicht im Inhalt an")
            return
    else:
        page.keyboard.press("Enter")  # the skip link
        stop = focused(page)
    if stop["tag"] != "MAIN" or stop["name"] != MAIN_AREA_NAME:
        report.fail(state, f"vor dem Inhalt steht nicht der benannte Hauptbereich: {stop}")
    else:
        check_stop(report, state, "Hauptbereich", stop)
    for n in range(1, MAIN_STOPS + 1):
        page.keyboard.press("Tab")
        stop = focused(page)
        if not stop["inMain"]:
            break
        check_stop(report, state, f"Inhalt {n}", stop)


@dataclass(frozen=True)
class Visit:
    """One page (a fresh load of ``path``) and the states to check on it."""

    path: str  # "" = the role's start page
    title: str  # the browser title before " – mintqo"
    heading: str | re.Pattern[str]  # the page's h1
    ready: Callable[[Page], None] | None = None  # wait for what the page draws late (charts)
    states: tuple[tuple[str, Callable[[Page], None]], ...] = ()  # extra states, in order


def charts_drawn(page: Page) -> None:
    expect(
        page.get_by_test_id("stVegaLiteChart").first.locator("svg, canvas").first
    ).to_be_visible()


def step_shown(page: Page) -> None:
    expect(page.get_by_role("radiogroup").first).to_be_visible()


def show_data(page: Page) -> None:
    """Open the first "Daten anzeigen" table below a chart."""
    expander = page.get_by_test_id("stExpander").filter(has_text="Daten anzeigen").first
    expander.get_by_text("Daten anzeigen").click()
    expect(expander.get_by_test_id("stDataFrame").first).to_be_visible()


def open_tab(name: str) -> Callable[[Page], None]:
    def action(page: Page) -> None:
        page.get_by_role("tab", name=name).click()
        expect(page.get_by_role("tab", name=name)).to_have_attribute("aria-selected", "true")
        wait_for_idle(page)

    return action


def section(name: str) -> Callable[[Page], None]:
    """Open a section tab ("Mein Netzwerk", "Nationale Übersicht"): only the open one is drawn."""

    def action(page: Page) -> None:
        open_section(page, name)
        wait_for_idle(page)

    return action


def team_section(name: str, slug: str, drawn: Callable[[Page], None]) -> Callable[[Page], None]:
    """Open a section of the team comparison (only the open one is drawn): the address says
    which (``?abschnitt=…``), and a reload keeps it; ``drawn`` waits for its content."""

    def action(page: Page) -> None:
        open_section(page, name)
        expect(page).to_have_url(re.compile(rf"[?&]abschnitt={slug}(&|$)"))
        page.reload()
        wait_for_idle(page)
        tab = page.get_by_role("tab", name=name, exact=True)
        expect(tab).to_have_attribute("aria-selected", "true")
        drawn(page)
        wait_for_idle(page)

    return action


def table_drawn(page: Page) -> None:
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()


def refused_login(page: Page) -> None:
    page.get_by_role("textbox", name="Benutzername").fill("a11y-unbekannt")
    page.get_by_role("textbox", name="Passwort").fill("kein-richtiges-passwort")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_text("Benutzername oder Passwort ist nicht richtig.")).to_be_visible()
    wait_for_idle(page)


def wrong_registration_code(page: Page) -> None:
    code = page.get_by_role("textbox", name="Einladungscode")
    code.fill("FALSCH-0000-0000")
    code.press("Tab")  # leaving the field reruns the page, which says what is wrong
    expect(page.get_by_test_id("stAlertContentError")).to_be_visible()
    wait_for_idle(page)


def wrong_reset_code(page: Page) -> None:
    page.get_by_role("textbox", name="Benutzername").fill("a11y-unbekannt")
    page.get_by_role("textbox", name="Rücksetz- oder Wiederherstellungscode").fill("FALSCH-0000")
    page.get_by_role("textbox", name="Neues Passwort", exact=True).fill("Ein langer Satz 2026 a11y")
    page.get_by_role("textbox", name="Neues Passwort wiederholen").fill("Ein langer Satz 2026 a11y")
    page.get_by_role("button", name="Neues Passwort setzen").click()
    expect(page.get_by_test_id("stAlertContentError")).to_be_visible()
    wait_for_idle(page)


ACCESSIBILITY = Visit("accessibility", "Barrierefreiheit", "Barrierefreiheit")
SETTINGS = Visit("settings", "Einstellungen", "Einstellungen")
NETWORK_SECTIONS = tuple(
    (name, section(name))
    for name in ("Verteilung", "Initiativen", "Entwicklung", "Beteiligung", "Export")
)
NETWORK = Visit(  # the heading names the network (for admins: the chosen one)
    "network",
    "Mein Netzwerk",
    re.compile("."),
    charts_drawn,
    (("Daten", show_data), *NETWORK_SECTIONS),
)
COORDINATOR_NETWORK = Visit(
    "network",
    "Mein Netzwerk",
    re.compile("^Mein Netzwerk"),
    charts_drawn,
    (*NETWORK.states, ("Buddy-Netzwerke", section("Buddy-Netzwerke"))),
)
WORKSHOP = Visit(
    "workshop",
    "Workshop-Modus",
    re.compile("^Workshop"),
    None,
    (("Vorschau", section("Vorschau")), ("Daten", show_data)),
)
INVITATIONS = Visit("invitations", "Einladungen", re.compile("^Einladungen"))

# The demo initiative's team project (mintqo.demo.team): the first project after the demo
# scale's 200, with a submitted team round 2 and an open team round 3.
TEAM = f"questionnaire?projekt={SCALES['demo'].projects + 1}"
TEAM_PROFILE = f"profile?projekt={SCALES['demo'].projects + 1}"

VISITS: dict[str, tuple[str | None, tuple[Visit, ...]]] = {
    "anonymous": (
        None,
        (
            Visit(
                "",
                "Anmelden",
                "Selbstanalyse für MINT-Initiativen",
                states=(("Anmeldung abgelehnt", refused_login),),
            ),
            Visit(
                "register",
                "Registrieren",
                "Registrieren",
                states=(("falscher Code", wrong_registration_code),),
            ),
            Visit(
                "reset_password",
                "Passwort zurücksetzen",
                "Passwort zurücksetzen",
                states=(("falscher Code", wrong_reset_code),),
            ),
            ACCESSIBILITY,
        ),
    ),
    "initiative": (
        "demo-initiative",
        (
            Visit("projects", "Projekte", "Projekte"),
            Visit("questionnaire", "Selbstanalyse", "Selbstanalyse", step_shown),
            Visit(
                "profile",
                "Mein Profil",
                "Mein Profil",
                charts_drawn,
                (
                    ("Daten", show_data),
                    ("Entwicklung", section("Entwicklung")),
                    ("Wirkung und Maßnahmen", section("Wirkung und Maßnahmen")),
                    ("Export", section("Export")),
                ),
            ),
            Visit("action_plan", "Maßnahmenplan", re.compile("^Maßnahmenplan")),
            # the lead of the open team round: the agreed result, then the comparison
            Visit(
                f"{TEAM}&runde=3&teil=ergebnis",
                "Selbstanalyse",
                "Selbstanalyse",
                step_shown,
                (("Team-Vergleich", open_tab("Team-Vergleich")), ("Daten", show_data)),
            ),
            Visit(TEAM_PROFILE, "Mein Profil", "Mein Profil", charts_drawn),
            SETTINGS,
            ACCESSIBILITY,
        ),
    ),
    "team": (  # a member whose own sheet of the open team round is not finished
        "demo-team",
        (
            Visit("projects", "Projekte", "Projekte"),
            Visit(
                f"{TEAM}&runde=3",
                "Selbstanalyse",
                "Selbstanalyse",
                step_shown,
                (("Team-Vergleich (geschlossen)", open_tab("Team-Vergleich")),),
            ),
            Visit(  # the closed round's comparison, one section at a time
                f"{TEAM}&runde=2&teil=vergleich",
                "Selbstanalyse",
                "Selbstanalyse",
                charts_drawn,
                (
                    ("Daten", show_data),
                    ("Profil", team_section("Profil", "profil", charts_drawn)),
                    ("Aussagen", team_section("Aussagen", "aussagen", table_drawn)),
                ),
            ),
        ),
    ),
    "coordinator": (
        "demo-koordination",
        (COORDINATOR_NETWORK, WORKSHOP, INVITATIONS, SETTINGS, ACCESSIBILITY),
    ),
    "admin": (
        "demo-admin",
        (
            NETWORK,
            WORKSHOP,
            INVITATIONS,
            Visit(
                "national",
                "Nationale Übersicht",
                "Nationale Übersicht",
                charts_drawn,
                (
                    ("Daten", show_data),
                    *(
                        (name, section(name))
                        for name in (
                            "Kohorten",
                            "Beteiligung",
                            "Auffälligkeiten",
                            "Buddy-Netzwerke",
                            "Export",
                        )
                    ),
                ),
            ),
            Visit(
                "admin",
                "Verwaltung",
                "Verwaltung",
                states=(
                    ("Initiativen", section("Initiativen")),
                    ("Benutzer", section("Benutzer")),
                    ("Protokoll", section("Protokoll")),
                ),
            ),
            SETTINGS,
            ACCESSIBILITY,
        ),
    ),
}


def visit(page: Page, url: str, target: Visit, report: RoleReport, *, first: bool) -> None:
    """Load the page (a role's first page is its default page, whose address is "/"), check
    it, then bring about and check each extra state."""
    state = target.path or "start"
    page.goto(f"{url}/" if first else f"{url}/{target.path}")
    expect(page.get_by_role("heading", level=1, name=target.heading)).to_be_visible()
    wait_for_idle(page)
    if target.ready is not None:
        target.ready(page)
    check_document(page, report, state, target.title)
    check_iframes(page, report, state)
    check_tab_stops(page, report, state, sidebar=first)
    check_axe(page, report, state)
    for name, action in target.states:
        action(page)
        where = f"{state} / {name}"
        check_document(page, report, where, target.title)  # also after the rerun
        check_iframes(page, report, where)
        check_axe(page, report, where)


def run_role(page: Page, url: str, role: str) -> RoleReport:
    username, visits = VISITS[role]
    report = RoleReport(role)
    if username is not None:
        log_in(page, url, username)
    for n, target in enumerate(visits):
        visit(page, url, target, report, first=n == 0)
    report.write()
    ROLES_RUN.add(role)
    return report


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_the_role(app_server: str, page: Page, role: str) -> None:
    report = run_role(page, app_server, role)
    heading = f"{len(report.problems)} Barrieren ({role}), Details in a11y-{role}.json:"
    assert not report.problems, "\n".join([heading, *report.problems])


def test_lang_and_title_hold_after_client_side_switches(app_server: str, page: Page) -> None:
    """The served document keeps lang="de" when Streamlit switches pages in the browser, and
    each page sets its own title there too (no reload involved)."""
    page.goto(app_server)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    wait_for_idle(page)
    for title, heading in (
        ("Barrierefreiheit", "Barrierefreiheit"),
        ("Registrieren", "Registrieren"),
        ("Start", "Selbstanalyse für MINT-Initiativen"),
    ):
        link = page.get_by_test_id("stSidebarNavLink").filter(has_text=title)
        for _ in switch_attempts():
            link.click()  # client-side: Streamlit keeps the document and swaps the page
            wait_for_idle(page)
            if page.get_by_role("heading", level=1, name=heading).is_visible():
                break
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        expect(page).to_have_title(f"{'Anmelden' if title == 'Start' else title} – mintqo")
        assert page.evaluate("document.documentElement.lang") == "de"
        assert page.evaluate("performance.getEntriesByType('navigation').length") == 1


def test_chart_toolbar_tooltips_are_german(app_server: str, page: Page) -> None:
    """The buttons above a chart show their tooltip in German, like their accessible names."""
    log_in(page, app_server, "demo-koordination")
    toolbar = page.get_by_test_id("stElementToolbar").first
    buttons = toolbar.get_by_test_id("stElementToolbarButton")
    page.get_by_test_id("stVegaLiteChart").first.hover()  # the toolbar shows on hover
    expect(buttons.first).to_be_visible()
    tips = []
    for n in range(buttons.count()):
        buttons.nth(n).hover()
        tip = page.locator(".stTooltipContent")
        expect(tip).to_have_count(1)
        expect(tip).not_to_have_text(re.compile("^(Show|Download|Copy|Fullscreen)"))
        tips.append(tip.inner_text())
    assert "Daten anzeigen" in tips, tips


def switch_attempts() -> Iterator[int]:
    """A client-side switch is now and then undone by the rerun of the remounted cookie
    component (see ``tests/e2e/conftest.follow``); what is checked here is the document after
    a switch, so a switch that was undone is simply made again (at most three times)."""
    yield from range(3)


KEY_RECORDER = """() => {
    window.__mintqoKeys = [];
    document.addEventListener("keydown", (e) => window.__mintqoKeys.push(e.key));
}"""


def reruns_sent(frames: list[bytes | str]) -> list[list[str]]:
    """The rerun requests among websocket frames the page sent, each as the text values of its
    widgets (Streamlit's frontend sends every rerun, also the one of its "r" key, as a
    ``BackMsg.rerun_script``)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    requests = []
    for frame in frames:
        if not isinstance(frame, bytes):
            continue
        message = BackMsg.FromString(frame)
        if message.WhichOneof("type") == "rerun_script":
            widgets = message.rerun_script.widget_states.widgets
            requests.append([w.string_value for w in widgets])
    return requests


def test_single_key_rerun_shortcut_is_off(app_server: str, page: Page) -> None:
    """WCAG 2.1.4: a bare "r" outside text fields no longer reruns the app; typing is intact.

    Checked on what the browser sends: after the keys, the first rerun request must be the one
    our own edit causes (any background rerun may follow it).
    """
    frames: list[bytes | str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: frames.append(payload)))
    page.goto(f"{app_server}/register")
    expect(page.get_by_role("heading", level=1, name="Registrieren")).to_be_visible()
    wait_for_idle(page)
    page.evaluate(KEY_RECORDER)  # a document listener added after Streamlit's own
    page.get_by_role("heading", level=1).click()  # the focus is in no field
    before = len(frames)
    for key in ("r", "c", "R", "a"):
        page.keyboard.press(key)
    assert page.evaluate("window.__mintqoKeys") == ["a"]  # other keys still get through
    code = page.get_by_role("textbox", name="Einladungscode")
    code.press_sequentially("rc")  # "r" and "c" type into a field as usual
    code.press("Tab")  # leaving the changed field asks for a rerun
    expect(page.get_by_test_id("stAlertContentError")).to_be_visible()  # "rc" is no code
    wait_for_idle(page)
    expect(code).to_have_value("rc")
    assert page.evaluate("window.__mintqoKeys") == ["a", "r", "c", "Tab"]
    requests = reruns_sent(frames[before:])
    assert requests, "no rerun request seen on the websocket"
    assert "rc" in requests[0], f"a rerun was requested before the edit: {requests[0]}"


def test_allow_list_has_no_stale_entries() -> None:
    """Runs after the role tests (file order). An ``allowed`` entry that matched nothing is
    removed (it fails here); a ``pending`` one that matched nothing was probably fixed by the
    code's owner: a warning says to remove it when the pending section is cleared."""
    if set(ROLES_RUN) != set(ROLES):
        pytest.skip("nur zusammen mit allen Rollen-Tests aussagekräftig")
    unused = [e["key"] for e in ENTRIES if MATCHED[e["key"]] == 0]
    fixed = [key for key in unused if key.startswith("pending:")]
    if fixed:
        warnings.warn(f"behoben? aus a11y_allowlist.yaml entfernen: {fixed}", stacklevel=1)
    stale = [key for key in unused if key.startswith("allowed:")]
    assert not stale, f"Einträge ohne Befund, bitte aus a11y_allowlist.yaml entfernen: {stale}"
