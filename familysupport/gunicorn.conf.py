"""gunicorn settings for `make serve`; each can be changed from the environment.

The access log carries the method, the path and the status, never the query string: a search
for a surname must not end up in a log file.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: the work is the database and the templates, one request per process.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
# The application is imported once, before the workers are forked: they start warm and share it.
preload_app = True
graceful_timeout = 30
# A worker is replaced after this many requests, staggered, so no leak can grow for long.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10
# Only the local nginx may say that the request came over TLS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
