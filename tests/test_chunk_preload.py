"""The page shell loads the code of charts, tables and the first pages' widgets once the login
page is idle (``mintqo.ui.chunk_preload``), checked against the installed Streamlit's build.

That the browser really loads them before any login is checked in
``tests/e2e/test_login_cookie.py::test_the_login_page_loads_the_chart_code_before_any_login``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit import file_util

from mintqo.ui.chunk_preload import PARTS, SCRIPT_ID, chunk_files, preload_script
from mintqo.ui.document import patched_index_html
from tests.conftest import STREAMLIT_JS


def test_every_part_is_one_file_of_the_installed_streamlit() -> None:
    files = chunk_files(STREAMLIT_JS)
    assert [f.split(".")[0] for f in files] == list(PARTS)
    index = next(STREAMLIT_JS.glob("index.*.js")).read_text(encoding="utf-8")
    for name in files:
        # each is one of the parts Streamlit itself loads on demand, beside its index.*.js
        assert f"import(`./{name}`)" in index, name


def test_a_missing_or_ambiguous_part_is_left_out(tmp_path: Path) -> None:
    for name in ("Metric.abc123.js", "Html.one.js", "Html.two.js", "Metricx.zzz.js"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert chunk_files(tmp_path, ("Html", "Metric", "Radio")) == ["Metric.abc123.js"]
    assert chunk_files(tmp_path / "missing") == []


def test_the_script_imports_each_file_beside_streamlits_own_once_idle() -> None:
    script = preload_script(["Metric.abc123.js", "Html.X-y_z.js"])
    assert f'<script id="{SCRIPT_ID}">' in script
    assert '["Metric.abc123.js", "Html.X-y_z.js"]' in script
    assert "new URL(name, app.src)" in script and "requestIdleCallback" in script
    assert ".catch(() => {})" in script  # a failed load only means: loaded when drawn
    assert preload_script([]) == ""


@pytest.mark.parametrize("bad", ["../evil.js", 'a.b.js"];alert(1);//', "x.js", "a b.c.js"])
def test_nothing_but_build_file_names_goes_into_the_script(bad: str) -> None:
    with pytest.raises(ValueError, match="not a build file name"):
        preload_script([bad])


def test_the_patched_index_carries_the_script_in_its_head() -> None:
    html = (Path(file_util.get_static_dir()) / "index.html").read_text(encoding="utf-8")
    files = chunk_files(STREAMLIT_JS)
    head = patched_index_html(html, files).split("</head>")[0]
    assert head.count(f'<script id="{SCRIPT_ID}">') == 1
    assert re.search(r'"ArrowVegaLiteChart\.[A-Za-z0-9_-]+\.js"', head)
    assert SCRIPT_ID not in patched_index_html(html)  # nothing to load: no script
