"""Issue 15, item 2: the initiative journey with the keyboard alone.

Log in, open the questionnaire, rate every statement of a criterion, write a note, save, move
on, submit with the confirmation, open the profile – with Tab, Shift+Tab, the arrow keys, Space
and Enter only (no clicks, no page loads after the first). On the way, every element that
receives the focus must be visible on the screen (never an invisible element), and at each
element the journey acts on the focus must be visible: the element looks different with the
focus than without it (compared pixel by pixel).
"""

from __future__ import annotations

import contextlib
import itertools

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from mintqo.questionnaire import load_questionnaire
from mintqo.services.accounts import create_account_as_operator
from mintqo.store import assessments
from mintqo.store.organisations import create_initiative, create_network
from mintqo.store.projects import create_project
from tests.e2e.conftest import OUTPUT, screenshot, wait_for_idle
from tests.e2e.runs import ServerRuns

Q = load_questionnaire()
PASSWORD = "Ein Satz aus vielen Wörtern 2026"
MAX_TABS = 60
TARGET = Q.criterion_by_id["EQ3"]  # the criterion answered with the keyboard
_numbers = itertools.count(1)

_FOCUSED = """() => {
    const a = document.activeElement;
    if (!a || a === document.body) return null;
    const r = a.getBoundingClientRect();
    const style = getComputedStyle(a);
    const label = a.labels && a.labels[0] ? a.labels[0].innerText : "";
    return {
        tag: a.tagName, role: a.getAttribute("role") || a.type || "",
        name: (a.getAttribute("aria-label") || label || a.innerText || "").trim().slice(0, 80),
        group: (a.closest('[role="radiogroup"]')?.getAttribute("aria-label") || "").slice(0, 80),
        checked: a.checked === true,
        x: r.x, y: r.y, width: r.width, height: r.height,
        hidden: style.visibility === "hidden" || style.display === "none"
            || Number(style.opacity) === 0,
        viewport: [window.innerWidth, window.innerHeight],
    };
}"""


@pytest.fixture
def keyboard_user(app_store) -> str:
    """An initiative whose draft is complete except for one criterion, which opens first."""
    n = next(_numbers)
    network = create_network(app_store, f"MINT-Region Tastatur {n}")
    initiative = create_initiative(app_store, f"Tastatur-Initiative {n}", network)
    username = f"tastatur-{n}"
    create_account_as_operator(
        app_store, username, PASSWORD, "initiative", initiative_id=initiative
    )
    draft = assessments.start_round(app_store, create_project(app_store, initiative, "Löt-AG"))
    version = assessments.load_state(app_store, draft).version
    for criterion in Q.criteria:
        if criterion is not TARGET:
            answers = {i.id: 3 for i in criterion.items}
            version = assessments.save_step(
                app_store, draft, version, criterion.id, answers, ""
            ).version
    assessments.set_current_step(app_store, draft, TARGET.id)
    return username


def focused(page: Page) -> dict | None:
    return page.evaluate(_FOCUSED)


def assert_visible(info: dict | None, step: str) -> None:
    """The focused element is on the screen: a real box, inside the window, not hidden."""
    assert info is not None, f"{step}: the focus is on nothing"
    width, height = info["viewport"]
    assert info["tag"] != "IFRAME" or (info["width"] > 1 and info["height"] > 1), (
        f"{step}: focus in an invisible frame {info}"
    )
    assert info["width"] >= 1 and info["height"] >= 1 and not info["hidden"], (
        f"{step}: focus on an invisible element {info}"
    )
    assert info["x"] < width and info["y"] < height, f"{step}: focus outside the window {info}"
    assert info["x"] + info["width"] > 0 and info["y"] + info["height"] > 0, (
        f"{step}: focus outside the window {info}"
    )


_SHOWN = """() => { const a = document.activeElement; if (!a || a === document.body) return true;
    const s = getComputedStyle(a); return Number(s.opacity) > 0.5 && s.visibility !== "hidden"; }"""


def tab_to(page: Page, wanted, step: str, *, back: bool = False) -> dict:
    """Press Tab (Shift+Tab) until ``wanted(info)`` holds; every stop on the way is visible."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        # some elements fade in when focused (Streamlit's heading links): wait for that,
        # briefly; an element that stays transparent fails below
        with contextlib.suppress(PlaywrightTimeout):  # judged by assert_visible below
            page.wait_for_function(_SHOWN, timeout=2000)
        info = focused(page)
        if info is None:
            continue  # the document itself between the last and the first stop
        assert_visible(info, step)
        if wanted(info):
            return info
    raise AssertionError(f"{step}: not reached with {MAX_TABS} presses of Tab")


def named(name: str, role: str | None = None):
    return lambda info: info["name"].startswith(name) and (role is None or info["role"] == role)


def assert_focus_shown(page: Page, step: str) -> None:
    """The focused element looks different with the focus than without it: compared in a
    picture of its surroundings (Streamlit's element box, which holds rings drawn outside the
    element, or a radio's whole group)."""
    around = page.evaluate_handle(
        """() => { const a = document.activeElement;
                   return a.closest('[data-testid="stElementContainer"]') || a.parentElement; }"""
    ).as_element()
    assert around is not None, f"{step}: the focus is on nothing"
    # transitions (a focus ring fading in) are finished for the pictures
    with_focus = around.screenshot(animations="disabled")
    page.evaluate(
        "() => { window.__mintqoFocus = document.activeElement; document.activeElement.blur(); }"
    )
    without = around.screenshot(animations="disabled")
    page.evaluate("() => window.__mintqoFocus.focus()")
    if with_focus == without:
        for name, picture in (("with", with_focus), ("without", without)):
            (OUTPUT / f"keyboard-no-focus-{name}.png").write_bytes(picture)
    assert with_focus != without, f"{step}: no visible focus indicator (pictures in {OUTPUT})"


def test_initiative_journey_with_the_keyboard_alone(
    app_server: str, keyboard_user: str, page: Page
) -> None:
    runs = ServerRuns(page)
    page.goto(app_server)
    wait_for_idle(page)

    # --- log in
    tab_to(page, named("Benutzername"), "login: user name")
    assert_focus_shown(page, "login: user name")
    page.keyboard.type(keyboard_user)
    tab_to(page, named("Passwort", "password"), "login: password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Angemeldet als")).to_be_visible()
    page.wait_for_function("document.cookie.includes('mintqo_auth=')")
    wait_for_idle(page)

    # --- open the questionnaire from the sidebar
    tab_to(page, named("checklist\n\nSelbstanalyse"), "sidebar: Selbstanalyse")
    assert_focus_shown(page, "sidebar link")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=TARGET.name, exact=True)).to_be_visible()
    wait_for_idle(page)
    screenshot(page, "keyboard-1-questionnaire")

    # --- explanation and example are text on the page, read in order (no mouse needed)
    expect(page.get_by_text(TARGET.explanation[:40])).to_be_visible()
    expect(page.get_by_text(TARGET.example[:40])).to_be_visible()

    # --- rate every statement: Tab into each group, arrows to the rating (each one is saved)
    wanted = [3, 4, 2, 5, 4]  # "4 – trifft eher zu" is three arrows right of "1 – …"
    for n, (item, value) in enumerate(zip(TARGET.items, wanted, strict=True)):
        info = tab_to(page, lambda i, t=item.text: i["group"] == t[:80], f"statement {n + 1}")
        assert info["role"] == "radio"
        if n == 0:
            assert_focus_shown(page, "a rating")
        for _ in range(value - 1):
            with runs.finished_after():
                page.keyboard.press("ArrowRight")
        info = focused(page)
        assert_visible(info, f"statement {n + 1} rated")
        assert info["checked"] and info["name"].startswith(f"{value} – "), info
    expect(page.get_by_text(f"Gespeichert: „{TARGET.name}“")).to_be_visible()

    # --- a note, saved with the button
    tab_to(page, named("Notizen / Belege"), "note")
    assert_focus_shown(page, "note")
    page.keyboard.type("Mit der Tastatur geschrieben")
    tab_to(page, named("save\n\nSpeichern"), "save button")
    assert_focus_shown(page, "save button")
    with runs.finished_after():
        page.keyboard.press("Enter")
    expect(page.get_by_text(f"Gespeichert: „{TARGET.name}“")).to_be_visible()
    screenshot(page, "keyboard-2-rated")

    # --- move on
    tab_to(page, named("Weiter"), "next criterion")
    page.keyboard.press("Enter")
    last = Q.criteria[-1]
    expect(page.get_by_role("heading", name=last.name, exact=True)).to_be_visible()
    wait_for_idle(page)

    # --- submit with the confirmation
    tab_to(page, named("Selbstanalyse abschließen"), "submit")
    assert_focus_shown(page, "submit")
    page.keyboard.press("Enter")
    expect(page.get_by_text("nicht mehr änderbar")).to_be_visible()
    tab_to(page, named("Ja, jetzt abschließen"), "confirm")
    assert_focus_shown(page, "confirm")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Die Selbstanalyse ist abgeschlossen")).to_be_in_viewport()
    wait_for_idle(page)
    screenshot(page, "keyboard-3-submitted")

    # --- open the profile
    tab_to(page, named("insights\n\nZum Profil"), "profile link")
    assert_focus_shown(page, "profile link")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Mein Profil")).to_be_visible()
    screenshot(page, "keyboard-4-profile")
