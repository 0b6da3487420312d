"""Production web server: gunicorn managing uvicorn workers (ASGI: HTTP and the websockets, through the Redis
channel layer). Every knob from the environment (DESIGN §6):

  WEB_CONCURRENCY  worker processes (default: 2 per core, at least 2)
  WEB_BIND         address (default 0.0.0.0:8000)
  WEB_TIMEOUT      seconds a worker may be silent before it is restarted (default 60)
  WEB_MAX_REQUESTS requests a worker serves before it is recycled, plus up to 10% jitter (default 5000; 0 = never)
  ASGI_THREADS     threads per worker for synchronous Django code (asgiref reads it; keep it <= DB_POOL_MAX_SIZE so
                   requests queue for a thread instead of failing for a database connection)

Size the database side with DB_POOL_MAX_SIZE x WEB_CONCURRENCY (+ Celery workers) below PostgreSQL's
max_connections.
"""

import multiprocessing
import os

bind = os.environ.get("WEB_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, 2 * multiprocessing.cpu_count()))
worker_class = "uvicorn.workers.UvicornWorker"
timeout = int(os.environ.get("WEB_TIMEOUT") or "60")
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("WEB_MAX_REQUESTS") or "5000")  # recycle workers now and then (leaks)
max_requests_jitter = max_requests // 10
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1"
accesslog = "-" if os.environ.get("WEB_ACCESS_LOG", "false").lower() in {"1", "true", "yes"} else None
