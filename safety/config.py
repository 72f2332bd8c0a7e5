"""Default settings; `create_app` overlays `SAFETY_*` environment variables and test overrides."""

# Published on purpose: create_app refuses to serve with it outside debug and testing.
DEV_SECRET_KEY = "dev-only-secret-key-change-me"  # noqa: S105

DEFAULTS = {
    "SECRET_KEY": DEV_SECRET_KEY,
    # Empty means "a SQLite file in the instance folder"; create_app fills in the path.
    "DATABASE_URL": "",
    "DATABASE_ECHO": False,
    # Languages: Albanian first, then Serbian (Latin script), then English.
    "LANGUAGES": ("sq", "sr", "en"),
    "BABEL_DEFAULT_LOCALE": "sq",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Belgrade",
    # Cookies: secure by default; `make run` turns Secure off for plain-HTTP localhost.
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "safety_session",
    "PERMANENT_SESSION_LIFETIME": 8 * 3600,
    "REMEMBER_COOKIE_DURATION": 0,
    "WTF_CSRF_TIME_LIMIT": 8 * 3600,
    # Largest request body: forms are small; a view that takes uploads raises it for itself
    # (safety.security.accepts_uploads). Anything bigger is answered 413 before it is read.
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    # Host names this site answers to (e.g. ["safety.example.org"]); other Host headers get
    # 400, so links in pages and e-mails cannot be pointed at another site. None: any host.
    # SAFETY_TRUSTED_HOSTS may be a comma-separated list.
    "TRUSTED_HOSTS": None,
    # Number of reverse proxies in front of the app (X-Forwarded-* trusted from this many hops).
    "PROXY_COUNT": 0,
    # Seconds to send in Strict-Transport-Security when the request arrived over HTTPS.
    "HSTS_MAX_AGE": 365 * 24 * 3600,
    # Argon2id parameters: OWASP's minimum (19 MiB, t=2, p=1) keeps a login near 30 ms.
    "ARGON2_TIME_COST": 2,
    "ARGON2_MEMORY_COST": 19 * 1024,
    "ARGON2_PARALLELISM": 1,
    # Failed-login throttling: this many failures within the window lock the account.
    "LOGIN_MAX_FAILURES": 10,
    "LOGIN_FAILURE_WINDOW_SECONDS": 15 * 60,
    "LOGIN_LOCK_SECONDS": 15 * 60,
    # Per client address, so one client can neither lock every account nor spray
    # registrations: this many failed sign-ins, or registrations, within the window -> 429.
    "ADDRESS_MAX_FAILED_SIGN_INS": 30,
    "ADDRESS_MAX_REGISTRATIONS": 10,
    "ADDRESS_WINDOW_SECONDS": 15 * 60,
    # Concerns sent through the public form from one address, over a window of their own
    # (records.md: 30 an hour); the honeypot and the secretary's review do the rest.
    "ADDRESS_MAX_ANONYMOUS_SUBMISSIONS": 30,
    "ADDRESS_SUBMISSION_WINDOW_SECONDS": 60 * 60,
    "PAGE_SIZE": 50,
    # The first year whose year-end compliance the public transparency page shows (records.md:
    # the year the product went live); later years follow up to last year. The demo data
    # begins three full years before the current one, so a demo site sets
    # SAFETY_PUBLIC_HISTORY_FROM to that year; 2023 is the demo's first year in 2026.
    "PUBLIC_HISTORY_FROM": 2023,
    # Outgoing e-mail for `flask send-notifications` (SAFETY_SMTP_HOST, SAFETY_SMTP_PORT,
    # SAFETY_SMTP_USERNAME, SAFETY_SMTP_PASSWORD, SAFETY_SMTP_STARTTLS, SAFETY_MAIL_FROM).
    # No host or no sender: not configured; the command says so and leaves the outbox as it is.
    "SMTP_HOST": "",
    "SMTP_PORT": 587,
    "SMTP_USERNAME": "",
    "SMTP_PASSWORD": "",
    # STARTTLS before logging in or sending, on by default: credentials and addresses never
    # cross the network in clear text. Port 465 speaks TLS from the start instead.
    "SMTP_STARTTLS": True,
    "SMTP_TIMEOUT_SECONDS": 30,
    "MAIL_FROM": "",
    # A message that keeps failing is left unsent, with its error, after this many attempts.
    "NOTIFICATION_MAX_ATTEMPTS": 10,
}
