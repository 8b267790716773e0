"""Deployment files (Docker cannot run here, so they are checked statically):

- ``compose.yaml`` parses, has the services ``app`` and ``db``, and the app service's environment
  names every environment variable the app reads in production. The variables are found by
  scanning the app's source (``mintqo/``, ``app.py``, ``pages/``), so a new variable that is not
  added to compose.yaml (or to the commented allow-list below) fails this test.
- The ``Dockerfile`` copies everything the app imports or reads at run time and has a health check
  on ``/_stcore/health``.
"""

from __future__ import annotations

import ast
import re
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / "app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "mintqo").rglob("*.py")),
]

# Read by the app, but deliberately not part of the production environment:
NOT_FOR_PRODUCTION = {
    # password of the demo users that `python -m mintqo seed-demo` creates; production runs with
    # MINTQO_DEMO=0 and never seeds demo data
    "MINTQO_DEMO_PASSWORD",
    # seconds streamlit-authenticator waits per anonymous run: tests set 0, production keeps the
    # default (0.7 s, a brake on password guessing)
    "MINTQO_LOGIN_SLEEP",
}
# Streamlit secrets and the environment variable that replaces each of them.
SECRET_TO_ENV = {"cookie_key": "MINTQO_COOKIE_KEY"}

ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


def _string(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_environ(node: ast.AST) -> bool:
    """``os.environ`` or a local alias of it (``env = os.environ if env is None else env``)."""
    if isinstance(node, ast.Attribute) and node.attr == "environ":
        return True
    if isinstance(node, ast.IfExp):  # os.environ if env is None else env
        return _is_environ(node.body) or _is_environ(node.orelse)
    return isinstance(node, ast.Name) and node.id in {"environ", "env"}


def scan(sources: list[Path]) -> tuple[set[str], set[str]]:
    """(environment variable names, st.secrets keys) read by literal name in ``sources``.

    Patterns: ``os.environ.get("X")``, ``os.environ["X"]``, ``os.getenv("X")``, the same through
    an ``env`` mapping parameter, a literal ``MINTQO_*``/``DATABASE_URL`` name handed to a helper
    together with such a mapping (``_number(env, "MINTQO_…", …)``), and ``st.secrets.get("k")`` /
    ``st.secrets["k"]``.
    """
    env_names: set[str] = set()
    secret_keys: set[str] = set()
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                first = _string(node.args[0])
                if isinstance(func, ast.Attribute) and func.attr == "get" and first:
                    if _is_environ(func.value):
                        env_names.add(first)
                    elif isinstance(func.value, ast.Attribute) and func.value.attr == "secrets":
                        secret_keys.add(first)
                elif isinstance(func, ast.Attribute) and func.attr == "getenv" and first:
                    env_names.add(first)
                if any(_is_environ(arg) for arg in node.args):
                    env_names.update(
                        s
                        for s in map(_string, node.args)
                        if s and ENV_NAME.match(s) and s.startswith(("MINTQO_", "DATABASE_"))
                    )
            elif isinstance(node, ast.Subscript) and (key := _string(node.slice)):
                if _is_environ(node.value):
                    env_names.add(key)
                elif isinstance(node.value, ast.Attribute) and node.value.attr == "secrets":
                    secret_keys.add(key)
    return {n for n in env_names if ENV_NAME.match(n)}, secret_keys


def test_scanner_finds_the_known_variables() -> None:
    """The scan itself works (guards against a scan that silently finds nothing)."""
    env_names, secret_keys = scan(SOURCES)
    assert {
        "DATABASE_URL",
        "MINTQO_COOKIE_KEY",
        "MINTQO_COOKIE_EXPIRY_DAYS",
        "MINTQO_DEMO",
        "MINTQO_LOGIN_SLEEP",
        "MINTQO_DEMO_PASSWORD",
    } <= env_names
    assert "cookie_key" in secret_keys


def test_scanner_recognises_each_pattern(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\nimport streamlit as st\n"
        'a = os.environ.get("A_ONE")\nb = os.environ["B_TWO"]\nc = os.getenv("C_THREE")\n'
        'def f(env=os.environ):\n    return env.get("D_FOUR"), _n(env, "MINTQO_FIVE", 1)\n'
        'e = st.secrets.get("six")\ng = st.secrets["seven"]\n'
        'h = {"a": 1}.get("NOT_ENV")\n',
        encoding="utf-8",
    )
    env_names, secret_keys = scan([sample])
    assert env_names == {"A_ONE", "B_TWO", "C_THREE", "D_FOUR", "MINTQO_FIVE"}
    assert secret_keys == {"six", "seven"}


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def _environment(service: dict) -> set[str]:
    env = service.get("environment") or {}
    if isinstance(env, list):  # ["NAME=value", "NAME"]
        return {item.split("=", 1)[0] for item in env}
    return set(env)


def test_compose_has_app_and_db() -> None:
    compose = _compose()
    assert {"app", "db"} <= set(compose["services"])
    app = compose["services"]["app"]
    assert "build" in app or "image" in app
    assert "db" in app.get("depends_on", {})


def test_compose_runs_several_app_processes_behind_the_sticky_proxy() -> None:
    services = _compose()["services"]
    assert services["app"]["deploy"]["replicas"] >= 2
    assert "ports" not in services["app"]  # reached only through the proxy
    proxy = services["proxy"]
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in proxy["volumes"]
    assert proxy["ports"] == ["8501:80"]
    # the schema is migrated once, before the app processes start
    assert services["app"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    assert services["migrate"]["command"][-1] == "init-db"


def test_nginx_config_pins_each_browser_to_one_process() -> None:
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert re.search(r"hash \$mintqo_route consistent;", conf)
    assert 'Set-Cookie "mintqo_route=$mintqo_route' in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf  # websockets pass
    assert "ip_hash" not in conf  # a workshop behind one router would share one process


def test_compose_app_environment_names_every_production_variable() -> None:
    env_names, secret_keys = scan(SOURCES)
    assert secret_keys <= set(SECRET_TO_ENV), f"secret without an env variable: {secret_keys}"
    needed = (env_names | {SECRET_TO_ENV[k] for k in secret_keys}) - NOT_FOR_PRODUCTION
    app_env = _environment(_compose()["services"]["app"])
    missing = sorted(needed - app_env)
    assert not missing, f"compose.yaml: the app service's environment lacks {missing}"


def test_compose_secrets_come_from_the_environment() -> None:
    """No literal secret in the file: the cookie key and the database password are ${…}."""
    compose = _compose()
    app_env = compose["services"]["app"]["environment"]
    assert str(app_env["MINTQO_COOKIE_KEY"]).startswith("${")
    assert "${" in str(app_env["DATABASE_URL"])
    assert str(compose["services"]["db"]["environment"]["POSTGRES_PASSWORD"]).startswith("${")
    assert str(app_env.get("MINTQO_DEMO", "0")) in {"0", ""}


# --- Dockerfile ------------------------------------------------------------------------------


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    joined = re.sub(r"\\\n", " ", text)
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def _copied_sources() -> set[str]:
    sources: set[str] = set()
    for word, rest in _instructions():
        if word not in {"COPY", "ADD"}:
            continue
        if rest.startswith("["):
            parts = [str(p) for p in ast.literal_eval(rest)]
        else:
            parts = [p for p in shlex.split(rest) if not p.startswith("--")]
        sources.update(p.rstrip("/").removeprefix("./") for p in parts[:-1])
    return sources


def _covered(path: str, sources: set[str]) -> bool:
    return any(path == s or path.startswith(s + "/") or s == "." for s in sources)


def runtime_paths() -> set[str]:
    """What the app needs at run time: the code, the migrations and their config, the Streamlit
    config, and every shipped data file (the local SQLite store is not shipped)."""
    paths = {"app.py", "mintqo", "pages", "alembic", "alembic.ini", ".streamlit"}
    for file in (ROOT / "data").rglob("*"):
        if file.is_file() and ".sqlite3" not in file.name:
            paths.add(file.relative_to(ROOT).as_posix())
    return paths


def test_runtime_paths_exist_and_include_the_known_data() -> None:
    paths = runtime_paths()
    assert {"data/common-passwords.txt", "data/questionnaire/v1.yaml"} <= paths
    for path in paths:
        assert (ROOT / path).exists(), path


def test_runtime_paths_cover_every_local_import() -> None:
    """Every top-level module the app imports from this repository is in the runtime list."""
    local = {
        p.name.removesuffix(".py")
        for p in ROOT.iterdir()
        if p.suffix == ".py" or (p / "__init__.py").exists()
    }
    imported: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    own = imported & local
    assert "mintqo" in own
    assert own <= {p.removesuffix(".py") for p in runtime_paths()}, own


def test_dockerfile_copies_everything_the_app_needs() -> None:
    sources = _copied_sources()
    missing = sorted(p for p in runtime_paths() if not _covered(p, sources))
    assert not missing, f"Dockerfile: COPY is missing {missing}"
    assert not _covered("data/mintqo.sqlite3", sources), "the local SQLite store must not ship"


def test_dockerfile_has_a_health_check_on_the_streamlit_endpoint() -> None:
    checks = [rest for word, rest in _instructions() if word == "HEALTHCHECK"]
    assert len(checks) == 1
    assert "/_stcore/health" in checks[0]
    assert "CMD" in checks[0]


def test_dockerfile_migrates_and_serves_on_all_interfaces() -> None:
    cmd = " ".join(rest for word, rest in _instructions() if word in {"CMD", "ENTRYPOINT"})
    assert "init-db" in cmd
    assert "mintqo serve" in cmd  # st.navigation mode from the first request on
    assert "0.0.0.0" in cmd
    assert any(word == "USER" and rest not in {"root", "0"} for word, rest in _instructions())
