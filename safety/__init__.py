"""`safety`: compliance tracking for Kosovo's Municipal Community Safety Councils."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from safety.config import DEFAULTS, DEV_SECRET_KEY


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings, database, security, languages, sign-in, then the areas."""
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_relative_config=True,
    )
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("SAFETY")
    app.config.update(config or {})
    _check_secret_key(app)
    app.config["TRUSTED_HOSTS"] = _host_list(app.config["TRUSTED_HOSTS"])
    if not app.config["DATABASE_URL"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'safety.db'}"
    if app.config["PROXY_COUNT"]:
        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    from safety import auth, cli, db, i18n, security, templating

    db.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    auth.init_app(app)
    templating.init_app(app)
    cli.init_app(app)

    from safety.accounts.views import bp as accounts_bp
    from safety.admin.views import bp as admin_bp
    from safety.audit.views import bp as audit_bp
    from safety.compliance.views import bp as compliance_bp
    from safety.concerns.views import bp as concerns_bp
    from safety.consultations.views import bp as consultations_bp
    from safety.councils.views import bp as councils_bp
    from safety.main_views import bp as main_bp
    from safety.organisations.views import bp as organisations_bp
    from safety.plans.views import bp as plans_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(i18n.bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(councils_bp)
    app.register_blueprint(consultations_bp)
    app.register_blueprint(concerns_bp)
    app.register_blueprint(plans_bp)
    app.register_blueprint(compliance_bp)
    app.register_blueprint(organisations_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(audit_bp)
    return app


MIN_SECRET_KEY_LENGTH = 32
"""The key signs session cookies: a short one can be guessed offline from any cookie."""


def _check_secret_key(app: Flask) -> None:
    """Refuse to run a real deployment on the published development key or a guessable one."""
    if app.debug or app.testing:
        return
    key = app.config["SECRET_KEY"]
    if key == DEV_SECRET_KEY or not key or len(key) < MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(
            f"SAFETY_SECRET_KEY is not set or shorter than {MIN_SECRET_KEY_LENGTH} characters. "
            "Set it to a long random value "
            '(python -c "import secrets; print(secrets.token_hex(32))") '
            "or run with --debug for local development."
        )


def _host_list(value: str | list[str] | None) -> list[str] | None:
    """TRUSTED_HOSTS as Flask wants it: a list, from the comma-separated environment value."""
    if not isinstance(value, str):
        return value
    hosts = [host.strip() for host in value.split(",") if host.strip()]
    return hosts or None
