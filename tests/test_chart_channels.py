"""Chart code passes encoding channels as Altair classes, never as shorthand strings or plain
dicts (``alt.value``, ``alt.condition``): Altair resolves those by searching its whole schema,
≈ 10 ms per channel on every first build of a chart (see mintqo/charts/theme.py)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DICT_MAKERS = {"value", "condition"}  # alt.value(...), alt.condition(...) return plain dicts


def _loose_channels(path: Path, root: Path = ROOT) -> list[str]:
    source = path.read_text(encoding="utf-8")
    if "import altair" not in source:
        return []  # str.encode and friends
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr != "encode":
            continue
        for value in (k.value for k in node.keywords):  # positional: str.encode("latin-1")
            loose = (isinstance(value, ast.Constant) and isinstance(value.value, str)) or (
                isinstance(value, ast.Dict)
                or (
                    isinstance(value, ast.Call)
                    and isinstance(value.func, ast.Attribute)
                    and value.func.attr in DICT_MAKERS
                )
            )
            if loose:
                found.append(f"{path.relative_to(root)}:{value.lineno}")
    return found


def test_every_channel_is_an_altair_class() -> None:
    files = sorted((ROOT / "mintqo").rglob("*.py"))
    assert any("radar_layers" in f.name for f in files)
    loose = [hit for f in files for hit in _loose_channels(f)]
    assert loose == []


def test_the_check_finds_a_shorthand_and_a_condition(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import altair as alt\n"
        "alt.Chart().encode(detail='ring:N')\n"
        "alt.Chart().encode(fill=alt.condition('datum.x', alt.value('red'), alt.value('blue')))\n"
        "alt.Chart().encode(x=alt.X('a:Q'), fill=alt.FillValue('white'))\n",
        encoding="utf-8",
    )
    assert _loose_channels(sample, root=tmp_path) == ["sample.py:2", "sample.py:3"]
