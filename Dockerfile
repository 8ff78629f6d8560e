# mockvclaim as a service for CI jobs and local SIMRS development.
#
#   docker build -t mockvclaim .
#   docker run --rm -p 8080:8080 mockvclaim
#
# State is in memory (fresh every start) unless MOCKVCLAIM_DATA points into the /data volume:
#   docker run -p 8080:8080 -v mockvclaim-data:/data -e MOCKVCLAIM_DATA=/data/state.sqlite mockvclaim
# Scenario files mounted into /scenarios are loaded at start (the folder ships empty):
#   docker run -p 8080:8080 -v "$PWD/scenarios:/scenarios:ro" mockvclaim
# HTTPS is served on 8443 beside http, with a CA made on first start in /data/tls; copy it out
# for your client (README "HTTPS"), and name the host your SIMRS calls in MOCKVCLAIM_TLS_NAMES:
#   docker run -p 8080:8080 -p 8443:8443 -e MOCKVCLAIM_TLS_NAMES=vclaim mockvclaim
#   docker cp CONTAINER:/data/tls/ca.pem .
# Every setting is a MOCKVCLAIM_* variable (README "Settings").
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# Only what the package build needs: the wheel carries schemas/ and scenarios/ inside.
WORKDIR /build
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY mockvclaim ./mockvclaim
COPY schemas ./schemas
COPY scenarios ./scenarios
RUN pip install --no-cache-dir . \
    && cd / && rm -rf /build \
    && groupadd --system --gid 10001 mockvclaim \
    && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home mockvclaim \
    && mkdir -p /data /scenarios \
    && chown mockvclaim:mockvclaim /data

WORKDIR /data
# 0.0.0.0: reachable from other containers and the host. /scenarios is always on the list;
# an empty folder adds nothing. Setting MOCKVCLAIM_SCENARIOS yourself replaces the list.
ENV MOCKVCLAIM_HOST=0.0.0.0 \
    MOCKVCLAIM_PORT=8080 \
    MOCKVCLAIM_HTTPS_PORT=8443 \
    MOCKVCLAIM_TLS_DIR=/data/tls \
    MOCKVCLAIM_SCENARIOS=/scenarios
VOLUME /data
EXPOSE 8080 8443
USER 10001:10001

# No curl in the slim image: the standard library asks /_mock/health (open even with
# MOCKVCLAIM_ADMIN_TOKEN set) on whatever port MOCKVCLAIM_PORT says.
HEALTHCHECK --interval=3s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/_mock/health' % os.environ.get('MOCKVCLAIM_PORT', '8080'), timeout=2)"]

# Exec form: mockvclaim is PID 1 and stops cleanly on `docker stop` (SIGTERM).
ENTRYPOINT ["mockvclaim"]
CMD ["serve"]
