"""What can be checked of deploy/ without a Docker engine: structure, users, health, settings."""

import configparser
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"


def test_dockerfile_is_cpu_only_non_root_with_the_model_baked_in_and_a_health_check():
    text = (DEPLOY / "Dockerfile").read_text()
    instructions = [line.split()[0] for line in text.splitlines() if line and not line.startswith(("#", " "))]
    assert instructions[0] == "FROM" and "HEALTHCHECK" in instructions and "CMD" in instructions
    assert "torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu" in text
    user = re.findall(r"^USER (\S+)", text, re.M)
    assert user and user[-1] not in ("root", "0")
    assert text.index("default_embedder()") < text.index("USER ")  # exported at build time, as root
    for folder in ("corpus", "index", "retrieval", "bot", "cli"):
        assert f"COPY {folder} ./{folder}" in text and (ROOT / folder).is_dir()


def test_compose_runs_the_bot_with_postgres_and_volumes():
    compose = yaml.safe_load((DEPLOY / "compose.yml").read_text())
    bot, postgres = compose["services"]["bot"], compose["services"]["postgres"]
    assert postgres["image"].startswith("postgres:15") and "healthcheck" in postgres
    assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert bot["environment"]["MINUTES_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert any(v.endswith(":/data") for v in bot["volumes"]) and set(compose["volumes"]) == {"pgdata", "minutes-data"}
    assert (ROOT / bot["build"]["context"].replace("..", ".") / bot["build"]["dockerfile"]).exists()


def test_systemd_unit_runs_serve_as_a_service_user():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read_string((DEPLOY / "minutes-bot.service").read_text())
    assert unit["Service"]["User"] == "minutes" and unit["Service"]["ExecStart"].endswith("minutes serve")
    assert unit["Service"]["Restart"] == "on-failure" and unit["Install"]["WantedBy"] == "multi-user.target"


def test_the_env_example_lists_every_setting_the_code_reads():
    read = set()
    for path in (p for folder in ("bot", "cli", "corpus", "index", "retrieval") for p in (ROOT / folder).glob("**/*.py")):
        # Every quoted setting name, however it is read (os.environ.get, env[...], a helper).
        read |= set(re.findall(r"\"((?:MINUTES|SLACK)_[A-Z_]+|PORT)\"", path.read_text()))
    example = (DEPLOY / "minutes.env.example").read_text()
    assert read and {name for name in read if name not in example} == set()


def test_reminders_run_daily_by_a_systemd_timer_and_a_compose_service():
    service = configparser.ConfigParser(strict=False, interpolation=None)
    service.optionxform = str
    service.read_string((DEPLOY / "minutes-remind.service").read_text())
    assert service["Service"]["Type"] == "oneshot" and service["Service"]["ExecStart"].endswith("minutes remind")
    assert service["Service"]["User"] == "minutes"
    timer = configparser.ConfigParser(strict=False, interpolation=None)
    timer.optionxform = str
    timer.read_string((DEPLOY / "minutes-remind.timer").read_text())
    assert timer["Timer"]["OnCalendar"] == "*-*-* 08:30:00" and timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"
    compose = yaml.safe_load((DEPLOY / "compose.yml").read_text())
    reminders = compose["services"]["reminders"]
    assert "minutes remind" in reminders["command"][-1] and reminders["depends_on"]["postgres"]["condition"] == "service_healthy"
    # The reminder job reaches the same store as the bot (serving settings are the bot's own).
    bot_env = compose["services"]["bot"]["environment"]
    assert {k: bot_env[k] for k in ("MINUTES_DATABASE_URL", "MINUTES_HOME")} == reminders["environment"]
