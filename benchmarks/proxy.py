"""Several app processes behind nginx with the deployment's own config (``deploy/nginx.conf``).

Used by ``loadtest.py --processes N``: the config is the one ``compose.yaml`` mounts, with its
``listen`` port and upstream ``server`` line replaced by a free port and one line per local
process, wrapped in a minimal main config that runs nginx unprivileged under /tmp. Needs
``nginx`` (Debian: ``apt-get install -y nginx-light``; ``benchmarks/run_all.sh`` installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from common import ROOT
from st_client import Server

DEPLOY_CONF = ROOT / "deploy" / "nginx.conf"
WORK = Path("/tmp/mintqo-bench/nginx")

MAIN_CONF = """\
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
{site}
}}
"""


def render_site(listen_port: int, backend_ports: list[int]) -> str:
    """``deploy/nginx.conf`` with local ports instead of the compose service names."""
    site = DEPLOY_CONF.read_text()
    servers = "".join(f"    server 127.0.0.1:{p};\n" for p in backend_ports)
    site, n_server = re.subn(r"^\s*server app:8501;.*\n", servers, site, flags=re.M)
    site, n_listen = re.subn(r"listen 80;", f"listen 127.0.0.1:{listen_port};", site)
    if (n_server, n_listen) != (1, 1):
        raise RuntimeError(f"{DEPLOY_CONF} changed shape: cannot place ports")
    return re.sub(r"^\s*access_log .*;\n", "", site, flags=re.M)  # the load test logs nothing


def nginx_binary() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if not found:
        raise SystemExit("nginx is missing: apt-get install -y nginx-light")
    return found


@dataclass
class Proxied:
    """N app servers behind one nginx; looks like a single :class:`Server` to the load client."""

    servers: list[Server]
    nginx: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rss_mb(self) -> float:
        return sum(s.rss_mb() for s in self.servers)

    def cpu_seconds(self) -> float:
        return sum(s.cpu_seconds() for s in self.servers)

    def cpu_split(self) -> tuple[float, float]:
        splits = [s.cpu_split() for s in self.servers]
        return sum(u for u, _ in splits), sum(t for _, t in splits)

    def stop(self) -> None:
        if self.nginx.poll() is None:
            os.killpg(self.nginx.pid, signal.SIGTERM)
            self.nginx.wait(10)
        for s in self.servers:
            s.stop()


def start_proxy(servers: list[Server], port: int, ready_timeout: float = 20.0) -> Proxied:
    WORK.mkdir(parents=True, exist_ok=True)
    conf = WORK / "nginx.conf"
    site = render_site(port, [s.port for s in servers])
    conf.write_text(MAIN_CONF.format(work=WORK, site=site))
    binary = nginx_binary()
    subprocess.run([binary, "-t", "-q", "-c", str(conf), "-p", str(WORK)], check=True)
    nginx = subprocess.Popen(
        [binary, "-c", str(conf), "-p", str(WORK)],
        stdout=subprocess.DEVNULL,
        stderr=(WORK / "stderr.log").open("w"),
        start_new_session=True,
    )
    proxied = Proxied(servers, nginx, port)
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{proxied.url}/_stcore/health", timeout=2) as r:
                cookies = " ".join(r.headers.get_all("Set-Cookie") or [])
                if r.status == 200 and "mintqo_route=" in cookies:
                    return proxied
        except OSError:
            time.sleep(0.2)
    proxied.stop()
    raise RuntimeError(f"nginx not answering on {port}; see {WORK}/error.log")
