"""Hostile text: every store write path stores it verbatim or refuses it in German, and pages
render it as plain text (never through unsafe_allow_html, never as live Markdown).

Markup is harmless to store (it is rendered inert); control and format characters (NUL, ESC,
the right-to-left override, zero-width spaces) are refused by the one validator
(``mintqo.validation``), because they make a name read differently from what it is."""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from mintqo.questionnaire import load_questionnaire
from mintqo.services.accounts import create_account_as_operator
from mintqo.store import action_plan, assessments, impact, projects
from mintqo.store.answer_import import import_answers
from mintqo.store.engine import read_session
from mintqo.store.models import CriterionNote, Initiative, User
from mintqo.store.organisations import create_initiative, create_network
from tests.conftest import app_test

ROOT = Path(__file__).resolve().parents[1]
Q = load_questionnaire()

CORPUS = {
    "script": "<script>alert(1)</script>",
    "img": "<img src=x onerror=alert(1)>",
    "js-link": "[x](javascript:alert(1))",
    "md-image": "![img](http://example.invalid/x.png)",
    "zero-width": "Ro\u200bbo\u200dtik\ufeff",
    "rtl": "Projekt \u202eevil\u202c \u200fمرحبا",
    "nul": "vor\x00nach",
    "megabyte": "A" * (1024 * 1024),
}
SHORT = {k: v for k, v in CORPUS.items() if k != "megabyte"}


def _world(engine: Engine) -> dict[str, int]:
    network = create_network(engine, "Netz")
    initiative = create_initiative(engine, "Ini", network)
    project = projects.create_project(engine, initiative, "Projekt")
    draft = assessments.start_round(engine, project)
    return {"network": network, "initiative": initiative, "project": project, "draft": draft}


def _note(engine: Engine, aid: int, criterion_id: str) -> str | None:
    with read_session(engine) as s:
        return s.scalar(
            select(CriterionNote.text).where(
                CriterionNote.assessment_id == aid, CriterionNote.criterion_id == criterion_id
            )
        )


def _write_paths() -> dict[str, Callable[[Engine, dict, str, int], str | None]]:
    """name -> write(engine, world, text, n) returning what was stored (read back)."""

    def project_name(engine, w, text, n):
        pid = projects.create_project(engine, w["initiative"], f"{text} {n}")
        listed = projects.list_projects(engine, w["initiative"])
        return next(p for p in listed if p.id == pid).name.removesuffix(f" {n}")

    def initiative_name(engine, w, text, n):
        iid = create_initiative(engine, text, w["network"])
        with read_session(engine) as s:
            return s.get(Initiative, iid).name

    def step_note(engine, w, text, n):
        crit = Q.criteria[n % len(Q.criteria)].id
        info = assessments.get_assessment(engine, w["draft"])
        assessments.save_step(engine, w["draft"], info.version, crit, {}, text)
        return _note(engine, w["draft"], crit)

    def imported_note(engine, w, text, n):
        crit = Q.criteria[n % len(Q.criteria)].id
        import_answers(engine, w["draft"], {}, {crit: text})
        return _note(engine, w["draft"], crit)

    def action_what(engine, w, text, n):
        action_plan.add_action(engine, w["project"], Q.criteria[0].id, text, who=text[:50])
        return action_plan.list_actions(engine, w["project"])[-1].what

    def impact_indicator(engine, w, text, n):
        impact.save_staircase(engine, w["project"], {4: ("ja", text)})
        frame = impact.load_staircase(engine, w["project"])
        return frame.loc[frame["step"] == 4, "indicator"].iloc[0]

    def username(engine, w, text, n):  # the one writer of accounts: the use cases
        account = create_account_as_operator(
            engine,
            f"{text}{n}",
            "Lange Passphrase für Prüfungen 2026",
            "initiative",
            initiative_id=w["initiative"],
        )
        with read_session(engine) as s:
            return s.get(User, account.user_id).username.removesuffix(str(n))

    return {
        "project name": project_name,
        "initiative name": initiative_name,
        "questionnaire note": step_note,
        "imported note": imported_note,
        "action plan": action_what,
        "impact indicator": impact_indicator,
        "username": username,
    }


GERMAN = re.compile(r"[äöüßÄÖÜ]|\b(Bitte|darf|höchstens|nicht|keine|Zeichen|ist|sind)\b")


def _check(path: str, kind: str, stored_or_exc) -> None:
    if isinstance(stored_or_exc, BaseException):
        exc = stored_or_exc
        assert type(exc).__module__.startswith("mintqo"), (
            f"{path}/{kind}: raw {type(exc).__name__}: {str(exc)[:200]}"
        )
        assert GERMAN.search(str(exc)), f"{path}/{kind}: not German: {exc}"
        assert kind not in ("script", "img", "js-link", "md-image") or (path == "username"), (
            f"{path}/{kind}: harmless-to-store text refused: {exc}"
        )
        return
    stored = stored_or_exc
    text = CORPUS[kind]
    expected = text.lower() if path == "username" else text
    if path in ("project name", "initiative name"):
        expected = " ".join(expected.split())  # whitespace is normalised, nothing else
    assert kind != "megabyte", f"{path}: a 1 MB text was stored"
    assert kind not in ("rtl", "zero-width", "nul"), f"{path}/{kind}: stored {stored[:80]!r}"
    assert stored == expected, f"{path}/{kind}: stored {stored[:80]!r}"


@pytest.mark.parametrize("kind", list(CORPUS))
@pytest.mark.parametrize("path", list(_write_paths()))
def test_store_write_paths_store_verbatim_or_refuse_in_german(engine: Engine, path: str, kind: str):
    world = _world(engine)
    try:
        outcome = _write_paths()[path](engine, world, CORPUS[kind], 1)
    except Exception as exc:
        outcome = exc
    _check(path, kind, outcome)


# --- rendering ----------------------------------------------------------------------------------


MARKDOWN_TYPES = {"markdown", "caption", "title", "header", "subheader", "alert", "exception"}
MARKERS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "![img](http://example.invalid/x.png)",
)


def _elements(node) -> list:
    found = []
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            found.extend(_elements(child))
    else:
        found.append(node)
    return found


def _unsafe_findings(at) -> list[str]:
    """Elements that would let the browser interpret a hostile marker."""
    problems = []
    for element in _elements(at._tree):
        proto = getattr(element, "proto", None)
        if proto is None:
            continue
        body = getattr(proto, "body", None)
        if not isinstance(body, str):
            continue
        hits = [m for m in MARKERS if m in body]
        if not hits:
            continue
        if getattr(proto, "allow_html", False):
            problems.append(f"unsafe_allow_html element shows {hits}")
        elif element.type in MARKDOWN_TYPES or type(proto).__name__ in {"Markdown", "Alert"}:
            problems.append(f"{element.type} renders {hits} as live Markdown")
    return problems


@pytest.fixture
def hostile_demo(demo_db: Engine) -> Engine:
    """The demo store with hostile text in the places an initiative can type (the markup
    kinds: control and format characters are refused on the way in)."""
    storable = [v for k, v in SHORT.items() if k not in ("nul", "rtl", "zero-width")]
    name = " ".join(storable)
    draft_project = 151
    info = assessments.get_assessment(
        demo_db,
        next(
            p.draft for p in projects.list_projects(demo_db, 1) if p.id == draft_project
        ).assessment_id,
    )
    for n, criterion in enumerate(Q.criteria[:4]):
        import_answers(demo_db, info.id, {}, {criterion.id: storable[n]})
    projects.rename_project(demo_db, draft_project, name[:200])
    action_plan.add_action(
        demo_db, draft_project, Q.criteria[0].id, CORPUS["script"], who=CORPUS["img"]
    )
    impact.save_staircase(demo_db, draft_project, {4: ("ja", CORPUS["js-link"])})
    return demo_db


@pytest.mark.parametrize(
    "page",
    [
        "pages/projects.py",
        "pages/questionnaire.py",
        "pages/action_plan.py",
        "pages/profile.py",
        "pages/settings.py",
    ],
)
def test_initiative_pages_render_hostile_text_as_plain_text(hostile_demo: Engine, page: str):
    at = app_test("demo-initiative").run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert _unsafe_findings(at) == []


def test_the_rendering_check_detects_live_markdown(hostile_demo: Engine, tmp_path: Path):
    """The check above is not vacuous: st.markdown/st.write of hostile text is caught."""
    from streamlit.testing.v1 import AppTest

    script = (
        "import streamlit as st\n"
        f"st.markdown({CORPUS['js-link']!r})\n"
        f"st.write({CORPUS['md-image']!r})\n"
        f"st.text({CORPUS['script']!r})\n"
        f"st.markdown({CORPUS['img']!r}, unsafe_allow_html=True)\n"
    )
    at = AppTest.from_string(script).run()
    assert sorted(_unsafe_findings(at)) == sorted(
        [
            "markdown renders ['javascript:alert(1)'] as live Markdown",
            "markdown renders ['![img](http://example.invalid/x.png)'] as live Markdown",
            "unsafe_allow_html element shows ['<img src=x onerror=alert(1)>']",
        ]
    )


def test_no_unsafe_allow_html_with_non_constant_input():
    """Grep the code base: unsafe_allow_html=True only with a string literal as content."""
    offenders = []
    files = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "mintqo").rglob("*.py")]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            unsafe = any(
                k.arg == "unsafe_allow_html"
                and not (isinstance(k.value, ast.Constant) and k.value.value is False)
                for k in node.keywords
            )
            if unsafe and not all(isinstance(a, ast.Constant) for a in node.args):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def _module_names(tree: ast.Module) -> set[str]:
    """Names bound at module level: computed once at import, before any user or request."""
    names: set[str] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _import_time_text(node: ast.expr, module_names: set[str]) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Name):
        return node.id in module_names
    if isinstance(node, ast.JoinedStr):
        return all(
            _import_time_text(v.value if isinstance(v, ast.FormattedValue) else v, module_names)
            for v in node.values
        )
    return False


def _calls_by_function(tree: ast.Module):
    """Every call with the name of the function around it ("" at module level)."""

    def walk(node: ast.AST, function: str):
        for child in ast.iter_child_nodes(node):
            inner = (
                child.name
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                else function
            )
            if isinstance(child, ast.Call):
                yield inner, child
            yield from walk(child, inner)

    yield from walk(tree, "")


@pytest.mark.parametrize(
    "token",
    ["</script><script>alert(1)</script>", 'a"; document.location="https://evil', "a b", ""],
)
def test_the_cookie_script_takes_nothing_but_a_token(token: str, monkeypatch) -> None:
    from mintqo.auth import authenticator_adapter as adapter
    from mintqo.auth.config import AuthSettings

    drawn: list[str] = []
    monkeypatch.setattr(adapter.st, "html", lambda body, **kwargs: drawn.append(body))
    auth = object.__new__(adapter.Authenticator)
    auth.settings = AuthSettings("k" * 40, 1, 0, False)
    when = dt.datetime(2027, 1, 1, 12, 0)
    with pytest.raises(ValueError):
        auth.write_cookie(token, when)
    assert drawn == []
    auth.write_cookie("eyJh.eyJzdWIi.c2ln-_0", when)
    auth.delete_cookie()
    drawn = [body.removeprefix(adapter._HIDDEN) for body in drawn]
    assert drawn == [
        '<script>document.cookie = "mintqo_auth=eyJh.eyJzdWIi.c2ln-_0; '
        'expires=Fri, 01 Jan 2027 12:00:00 GMT; path=/; SameSite=Strict";</script>',
        '<script>document.cookie = "mintqo_auth=; '
        'expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/; SameSite=Strict";</script>',
    ]


def test_raw_html_is_only_the_apps_own_code():
    """``st.html`` draws raw HTML (and with unsafe_allow_javascript runs scripts): its content
    must be a literal or a module-level constant of the app's own code, so that no user text
    (a name, a note, a URL parameter) can ever reach it."""
    offenders = []
    files = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "mintqo").rglob("*.py")]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_names = _module_names(tree)
        for function, node in _calls_by_function(tree):
            if not (isinstance(node.func, ast.Attribute) and node.func.attr == "html"):
                continue
            values = [*node.args, *(k.value for k in node.keywords if k.arg == "body")]
            if not values or not all(_import_time_text(v, module_names) for v in values):
                offenders.append(f"{path.relative_to(ROOT)}:{function}")
    # The one exception: the login cookie's script holds the cookie name and the app's own
    # signed token, each checked against [A-Za-z0-9._-] before it is drawn (test below).
    assert offenders == ["mintqo/auth/authenticator_adapter.py:_cookie_script"]
    # the check sees a call with run-time text
    probe = ast.parse("X = '<b>'\ndef f(name):\n    st.html(f'<p>{name}</p>')\n")
    names = _module_names(probe)
    call = next(n for n in ast.walk(probe) if isinstance(n, ast.Call))
    assert not _import_time_text(call.args[0], names)
