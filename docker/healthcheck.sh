#!/bin/bash
# Docker HEALTHCHECK: exits 0 when the node's GET /healthz answers 200 (liveness; also 200 while draining).
# Uses bash's /dev/tcp only, because the slim JRE image has neither curl nor wget for certain. With TLS on the API
# (MERIDIAN_HTTP_TLS_CERTIFICATE set) it checks that the port accepts connections. Reads the same MERIDIAN_HTTP_*
# variables as the node; a port set only by a flag or a config file needs MERIDIAN_HTTP_PORT too.
set -u
host="${MERIDIAN_HTTP_HOST:-0.0.0.0}"
port="${MERIDIAN_HTTP_PORT:-8080}"
case "$host" in
    0.0.0.0|"") host=127.0.0.1 ;;
    ::|"[::]") host=::1 ;;
esac
host="${host#[}"
host="${host%]}"
exec 3<>"/dev/tcp/$host/$port" || { echo "healthcheck: cannot connect to $host:$port" >&2; exit 1; }
if [ -n "${MERIDIAN_HTTP_TLS_CERTIFICATE:-}" ]; then
    exit 0
fi
printf 'GET /healthz HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$host" >&3
if ! IFS= read -r -t 5 status <&3; then
    echo "healthcheck: no answer from $host:$port" >&2
    exit 1
fi
case "$status" in
    "HTTP/1."?" 200"*) exit 0 ;;
esac
echo "healthcheck: GET /healthz answered: $status" >&2
exit 1
