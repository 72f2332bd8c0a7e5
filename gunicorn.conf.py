"""Gunicorn settings for production: `gunicorn -c gunicorn.conf.py "safety:create_app()"`.

Run it behind a reverse proxy that terminates TLS. Gunicorn trusts the proxy's
X-Forwarded-Proto (is the request HTTPS?) only from the addresses in FORWARDED_ALLOW_IPS;
the app itself reads X-Forwarded-For/-Proto/-Host through SAFETY_PROXY_COUNT (see README).
"""

import os

# Listen where only the proxy can reach: clients that reach gunicorn directly could forge
# the forwarded headers the proxy sets.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sign-in limits and sessions live in the database, so any number of workers agree.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))

# The proxy's own address(es), comma-separated; never "*" unless nothing else can connect.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Access log to stdout for the service manager (journald, docker logs).
accesslog = "-"
