"""The deployment files parse and say what they must (no container engine on this machine)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """Parse a Dockerfile into (INSTRUCTION, arguments), joining continued lines."""
    out, pending = [], ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or (line.startswith("#") and not pending):
            continue
        pending = f"{pending} {line[:-1].strip()}" if line.endswith("\\") else f"{pending} {line}"
        if not line.endswith("\\"):
            word, _, rest = pending.strip().partition(" ")
            assert word.isupper(), f"not an instruction: {word}"
            out.append((word, rest.strip()))
            pending = ""
    assert not pending, "a continued line runs off the end"
    return out


def test_dockerfile_is_slim_non_root_with_a_healthcheck():
    instructions = dockerfile_instructions(DEPLOY / "Dockerfile")
    words = [w for w, _ in instructions]
    assert words[0] == "FROM" and words.count("FROM") == 2  # a build stage, then a slim runtime
    users = [arg for w, arg in instructions if w == "USER"]
    assert users and users[-1] not in ("root", "0")
    health = next(arg for w, arg in instructions if w == "HEALTHCHECK")
    assert "/healthz" in health
    assert any(w == "CMD" and "gunicorn" in arg for w, arg in instructions)


def test_compose_runs_web_scheduler_and_postgres_on_a_named_volume():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"db", "migrate", "web", "scheduler", "caddy"} <= set(services)
    assert services["scheduler"]["command"] == ["bot", "scheduler"]
    assert services["web"]["image"] == services["scheduler"]["image"]  # one image
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"] and "pgdata" in compose["volumes"]
    assert services["caddy"]["profiles"] == ["tls"]
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_nginx_site_terminates_tls_for_the_webhook():
    site = (DEPLOY / "nginx" / "helpdesk.conf").read_text(encoding="utf-8")
    assert "listen 443 ssl" in site and "proxy_pass http://127.0.0.1:8000" in site and "X-Forwarded-Proto" in site


@pytest.mark.parametrize("unit", ["helpdesk-web.service", "helpdesk-scheduler.service"])
def test_systemd_units_verify(unit, tmp_path):
    text = (DEPLOY / "systemd" / unit).read_text(encoding="utf-8")
    assert "User=helpdesk" in text and "Restart=on-failure" in text
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not available")
    # verify needs the programs it starts: point the unit at this checkout's virtualenv
    root = Path(__file__).resolve().parents[1]
    local = tmp_path / unit
    local.write_text(text.replace("/opt/helpdesk", str(root)).replace("User=helpdesk", "User=root")
                     .replace("Group=helpdesk", "Group=root").replace("EnvironmentFile=", "EnvironmentFile=-"),
                     encoding="utf-8")
    done = subprocess.run([analyze, "verify", str(local)], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and unit not in done.stderr, done.stderr


def test_the_package_the_image_installs_carries_its_data_files(tmp_path):
    """`pip install .` in the Dockerfile must bring templates, migrations and the knowledge base along."""
    import sys
    import zipfile

    root = Path(__file__).resolve().parents[1]
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(tmp_path), str(root)], capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    [wheel] = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("bot/knowledge/base/dmc.json", "bot/stats/templates/report.html", "bot/admin/static/admin.js",
                   "bot/admin/templates/admin/request_list.html", "bot/simulator/templates/simulator.html",
                   "bot/storage/migrations/env.py", "bot/storage/migrations/versions/0007_followup.py",
                   "bot/line/fonts/Loma-Bold.ttf", "bot/line/fonts/LICENSE.txt"):
        assert needed in names, needed


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_prints_the_admin_page_and_first_account_hint_before_serving():
    done = subprocess.run(["make", "-n", "run", "PORT=8123"], cwd=DEPLOY.parent, capture_output=True, text=True,
                          timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    recipe = done.stdout
    # the command decides what to say (`bot admin hint`), after the migration and before the server's logs
    assert recipe.index("bot db upgrade") < recipe.index("bot admin hint") < recipe.index("gunicorn")
    assert recipe.index("export BASE_URL=${BASE_URL:-http://127.0.0.1:8123}") < recipe.index("bot admin hint")
