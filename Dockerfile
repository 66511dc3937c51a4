# syntax=docker/dockerfile:1
# Build: `make image` (labels the image with the version, the commit and the repository),
# or plain `docker build -t aandeslag .`.

# Build stage: the locked dependencies (requirements/run.txt, every file hash-checked) in a
# virtualenv without pip or setuptools (the build image's own pip installs into it); the
# bot's own code is copied as source, not installed.
FROM python:3.12-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends binutils \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv --without-pip /venv
COPY requirements/run.txt /tmp/run.txt
# Then what the bot never uses: simplemma's word lists for every language but Dutch (64 MB
# of 65), and the debug symbols of the compiled libraries (about 30 MB).
RUN pip install --python /venv/bin/python --require-hashes -r /tmp/run.txt \
    && find /venv/lib/python3.12/site-packages/simplemma/strategies/dictionaries/data \
        -type f ! -name nl.plzma -delete \
    && find /venv -name '*.so*' -type f -exec strip --strip-unneeded {} +

# Final stage: only the virtualenv and the source, no build tools, no pip, a non-root user.
FROM python:3.12-slim
ARG VERSION=0.2.0
ARG REVISION=""
ARG SOURCE=""
LABEL org.opencontainers.image.title="aandeslag" \
      org.opencontainers.image.description="Telegram group bot for Nuffic's work session 'Aan de slag met internationalisering'" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="EUPL-1.2"
# pip stays out of the runtime: nothing installs at run time.
RUN useradd --create-home --uid 10001 aandeslag \
    && mkdir -p /data && chown aandeslag:aandeslag /data \
    && rm -rf /usr/local/bin/pip* /usr/local/lib/python3.12/site-packages/pip \
        /usr/local/lib/python3.12/site-packages/pip-*.dist-info
COPY --from=build /venv /venv
COPY bot /app/bot
COPY prompts /app/prompts
COPY storage /app/storage
# Only for `python -m bot oefen` (the rehearsal room and its fake Bot API): the bot itself
# never imports them (import contracts in pyproject.toml).
COPY rehearsal /app/rehearsal
COPY telegram_stand_in /app/telegram_stand_in
ENV PATH=/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////data/aandeslag.db \
    HEALTH_PORT=8080
WORKDIR /home/aandeslag
USER aandeslag
# SQLite data (and nothing else) lives in /data: mount a volume there when you use SQLite
# (docker run -v aandeslag-data:/data). No VOLUME line: with PostgreSQL it would leave an
# anonymous, unused volume behind at every start.
EXPOSE 8080
# /healthz is on HEALTH_PORT in polling and webhook mode alike (bot.telegram.webhook).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"HEALTH_PORT\"]}/healthz', timeout=4)"]
# Migrations run at start under a lock (several processes may start at once), before the
# bot takes updates; `python -m bot migrate` runs them alone.
CMD ["python", "-m", "bot"]
