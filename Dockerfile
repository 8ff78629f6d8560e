# mockvclaim as a service for CI jobs and local SIMRS development, built from this checkout
# (no registry image is published):
#
#   docker build -t mockvclaim .
#   docker run --rm -p 8080:8080 mockvclaim
#
# State is in memory (fresh every start). To keep it, mount a volume at /data and point
# MOCKVCLAIM_DATA into it (no VOLUME here: that would leave an anonymous volume per run):
#   docker run -p 8080:8080 -v mockvclaim-data:/data -e MOCKVCLAIM_DATA=/data/state.sqlite mockvclaim
# Scenario files mounted into /scenarios are loaded at start (the folder ships empty):
#   docker run -p 8080:8080 -v "$PWD/scenarios:/scenarios:ro" mockvclaim
# HTTPS is served on 8443 beside http, with a CA made on first start in /data/tls; copy it out
# for your client (README "HTTPS"), and name the host your SIMRS calls in MOCKVCLAIM_TLS_NAMES:
#   docker run -p 8080:8080 -p 8443:8443 -e MOCKVCLAIM_TLS_NAMES=vclaim mockvclaim
#   docker cp CONTAINER:/data/tls/ca.pem .
# Every setting is a MOCKVCLAIM_* variable (README "Settings").
# An exact tag: the same Python and Debian on every build until this line changes.
FROM python:3.11.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# Only what the package build needs: the wheel carries schemas/ and scenarios/ inside.
WORKDIR /build
COPY pyproject.toml setup.py MANIFEST.in README.md constraints.txt ./
COPY mockvclaim ./mockvclaim
COPY schemas ./schemas
COPY scenarios ./scenarios
# constraints.txt pins every package (and the build backend, which PIP_CONSTRAINT reaches).
# A C compiler for the build only: the compiled LZString (docs/performance.md §2), then gone.
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && PIP_CONSTRAINT=/build/constraints.txt pip install --no-cache-dir . \
    && python -c "from mockvclaim.protocol import lzstring; assert lzstring.compiled_available()" \
    && apt-get purge -y gcc libc6-dev && apt-get autoremove -y && rm -rf /var/lib/apt/lists/* \
    && cd / && rm -rf /build \
    && groupadd --system --gid 10001 mockvclaim \
    && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home mockvclaim \
    && mkdir -p /data /scenarios \
    && chown mockvclaim:mockvclaim /data

WORKDIR /data
# 0.0.0.0: reachable from other containers and the host. /scenarios is always on the list;
# an empty folder adds nothing. Setting MOCKVCLAIM_SCENARIOS yourself replaces the list.
# The server writes the port it listens on to MOCKVCLAIM_PORT_FILE; the health check reads it.
ENV MOCKVCLAIM_HOST=0.0.0.0 \
    MOCKVCLAIM_PORT=8080 \
    MOCKVCLAIM_HTTPS_PORT=8443 \
    MOCKVCLAIM_TLS_DIR=/data/tls \
    MOCKVCLAIM_SCENARIOS=/scenarios \
    MOCKVCLAIM_PORT_FILE=/tmp/mockvclaim.port
EXPOSE 8080 8443
USER 10001:10001

# No curl in the slim image: the standard library asks /_mock/health (open even with
# MOCKVCLAIM_ADMIN_TOKEN set) on the port actually served, so `serve --port 9000` is healthy.
HEALTHCHECK --interval=3s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-m", "mockvclaim.healthcheck"]

# Exec form: mockvclaim is PID 1 and stops cleanly on `docker stop` (SIGTERM).
ENTRYPOINT ["mockvclaim"]
CMD ["serve"]
