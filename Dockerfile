# One image for web, worker and beat (compose picks the command).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm bubblewrap time util-linux procps libpq5 curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-only-key-not-used-at-runtime-0123456789abcdefghijkl \
    DJANGO_ALLOWED_HOSTS=build python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 app && mkdir -p /app/media && chown -R app /app/media
USER app
EXPOSE 8000
# gunicorn with uvicorn workers (gunicorn.conf.py): WEB_CONCURRENCY processes serve HTTP and websockets.
ENV ASGI_THREADS=8 DB_POOL_MAX_SIZE=8
CMD ["gunicorn", "-c", "gunicorn.conf.py", "interviewmaster.asgi:application"]
