"""The login page draws, hidden, every lazily loaded element kind that the first page after a
login draws (``mintqo.ui.element_warmup``), so React draws that page in one go.

In the browser (hidden, no role, no focus): ``tests/e2e/test_login_page.py``."""

from __future__ import annotations

import re

import pytest

from mintqo.demo.settings import DEMO_USERS
from mintqo.ui.element_warmup import KINDS, WARMUP_KEY
from tests.conftest import STREAMLIT_JS, app_test, walk_tree

# AppTest's element types whose frontend part Streamlit loads lazily: the part's file name.
LAZY = {
    "button": "Button",
    "html": "Html",
    "metric": "Metric",
    "page_link": "PageLink",
    "radio": "Radio",
    "selectbox": "Selectbox",
    "text_input": "TextInput",
    "vega_lite_chart": "ArrowVegaLiteChart",
    "arrow_data_frame": "DataFrame",
    "multiselect": "Multiselect",
    "checkbox": "Checkbox",
    "toggle": "Checkbox",
    "download_button": "DownloadButton",
}
# Element and block types drawn by Streamlit's main bundle (never suspended).
EAGER = {
    "root", "main", "sidebar", "event", "column", "flex_container", "form", "empty", "expander",
    "tab", "tab_container", "title", "header", "subheader", "markdown", "caption", "alert",
    "divider",
}  # fmt: skip


def _types(at) -> set[str]:
    return {str(getattr(node, "type", None)) for node in walk_tree(at._tree)}


def _lazy_parts_of_the_installed_streamlit() -> set[str]:
    index = next(STREAMLIT_JS.glob("index.*.js")).read_text(encoding="utf-8")
    return set(re.findall(r"import\(`\./([A-Za-z]+)\.[A-Za-z0-9_-]+\.js`\)", index))


def test_the_element_kinds_named_here_are_the_ones_streamlit_loads_lazily() -> None:
    lazy = _lazy_parts_of_the_installed_streamlit()
    assert set(LAZY.values()) <= lazy
    assert set(KINDS) <= lazy
    assert not {t.title().replace("_", "") for t in EAGER} & lazy


@pytest.mark.parametrize("username", sorted(DEMO_USERS.values()))
def test_the_login_page_draws_every_lazy_kind_of_the_first_page_after_a_login(
    demo_db, username: str
) -> None:
    login_page = _types(app_test().run())
    at = app_test(username).run()
    assert not at.exception, at.exception
    first_page = _types(at)
    unknown = first_page - LAZY.keys() - EAGER - {"None"}
    assert not unknown, f"classify these element types in LAZY or EAGER: {unknown}"
    missing = {LAZY[t] for t in first_page & LAZY.keys()} - {
        LAZY[t] for t in login_page & LAZY.keys()
    }
    assert not missing, f"{username}'s first page draws {missing}, the login page does not"


def test_the_warmup_is_hidden_and_only_on_the_login_page(demo_db) -> None:
    at = app_test().run()
    hide = [h for h in at.get("html") if f".st-key-{WARMUP_KEY}{{display:none}}" in h.proto.body]
    assert len(hide) == 1
    assert [m.label for m in at.metric] == ["Vorab geladen"]
    assert [r.label for r in at.radio] == [s.label for s in at.selectbox] == ["Vorab geladen"]
    logged_in = app_test("demo-koordination").run()
    assert not [h for h in logged_in.get("html") if WARMUP_KEY in h.proto.body]
