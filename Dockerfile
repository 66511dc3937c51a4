# syntax=docker/dockerfile:1
# Build stage: the locked dependencies (requirements/run.txt, every file hash-checked) in a
# virtualenv; the bot's own code is copied as source, not installed.
FROM python:3.12-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
COPY requirements/run.txt /tmp/run.txt
RUN /venv/bin/pip install --require-hashes -r /tmp/run.txt

# Final stage: only the virtualenv and the source, no build tools, a non-root user.
FROM python:3.12-slim
RUN useradd --create-home --uid 10001 aandeslag \
    && mkdir -p /data && chown aandeslag:aandeslag /data
COPY --from=build /venv /venv
COPY bot /app/bot
COPY prompts /app/prompts
COPY storage /app/storage
ENV PATH=/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////data/aandeslag.db \
    HEALTH_PORT=8080
WORKDIR /home/aandeslag
USER aandeslag
# SQLite data (and nothing else) lives here; mount a volume on it.
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"WEBHOOK_PORT\") or os.environ[\"HEALTH_PORT\"]}/healthz', timeout=4)"]
# Migrations run at start, before the bot takes updates.
CMD ["python", "-m", "bot"]
