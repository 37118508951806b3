#!/bin/sh
# Meridian container entrypoint.
#
# Maps container conventions to the node's settings, checks what a container must provide, then replaces itself
# with the JVM (exec) so that SIGTERM from `docker stop` or Kubernetes reaches the node, which drains.
#
# Every MERIDIAN_* variable is a node setting (see the README's settings table) and goes to the node unchanged; the
# node rejects unknown MERIDIAN_* names. The container conventions below are deliberately outside that namespace:
#
#   PUBLIC_ADDRESS            -> MERIDIAN_MEDIA_PUBLIC_ADDRESS when that is unset (the address clients reach the
#                                UDP media port at; e.g. Kubernetes' status.hostIP through the downward API)
#   PUBLIC_ADDRESS_COMMAND    a shell command printing that address, run when neither of the above is set
#                                (e.g. a cloud metadata query)
#   POD_NAME                  -> MERIDIAN_NODE_ID when that is unset
#   AUTH_SECRET_FILE          a file whose content becomes MERIDIAN_AUTH_SECRET when that is unset (mounted secret)
#   JAVA_OPTS                 extra JVM options, after the container defaults (so they can override them);
#                                MERIDIAN_JAVA_OPTS is accepted too, as by ./meridian
#   JAVA_HOME                 the JVM to run ($JAVA_HOME/bin/java; else java on the PATH)
#   MERIDIAN_JAR / APP_JAR    the jar to run (default /opt/meridian/meridian.jar)
#   APP_CLASSPATH             run io.meridian.server.Main from this class path instead of the jar (tests)
#
# Arguments are passed to `meridian serve` as flags (e.g. `--region eu-west`); a first argument `serve`, `token`
# or `help` selects that command instead.
set -eu

die() {
    echo "meridian-entrypoint: $*" >&2
    exit 64
}

# Launcher-only variables: read them, then take them out of the node's environment.
jar="${MERIDIAN_JAR:-${APP_JAR:-/opt/meridian/meridian.jar}}"
extra_java_opts="${MERIDIAN_JAVA_OPTS:-}"
unset MERIDIAN_JAR MERIDIAN_JAVA_OPTS

command="serve"
case "${1:-}" in
    serve|token|help) command="$1"; shift ;;
esac

if [ "$command" = "serve" ]; then
    if [ -z "${MERIDIAN_NODE_ID:-}" ] && [ -n "${POD_NAME:-}" ]; then
        export MERIDIAN_NODE_ID="$POD_NAME"
    fi

    if [ -z "${MERIDIAN_AUTH_SECRET:-}" ] && [ -n "${AUTH_SECRET_FILE:-}" ]; then
        [ -r "$AUTH_SECRET_FILE" ] || die "AUTH_SECRET_FILE=$AUTH_SECRET_FILE is not a readable file"
        MERIDIAN_AUTH_SECRET="$(cat "$AUTH_SECRET_FILE")"
        export MERIDIAN_AUTH_SECRET
    fi

    if [ -z "${MERIDIAN_MEDIA_PUBLIC_ADDRESS:-}" ] && [ -n "${PUBLIC_ADDRESS:-}" ]; then
        export MERIDIAN_MEDIA_PUBLIC_ADDRESS="$PUBLIC_ADDRESS"
    fi
    if [ -z "${MERIDIAN_MEDIA_PUBLIC_ADDRESS:-}" ] && [ -n "${PUBLIC_ADDRESS_COMMAND:-}" ]; then
        discovered="$(sh -c "$PUBLIC_ADDRESS_COMMAND")" \
            || die "PUBLIC_ADDRESS_COMMAND failed (exit $?): $PUBLIC_ADDRESS_COMMAND"
        discovered="$(printf '%s' "$discovered" | tr -d ' \t\r\n')"
        [ -n "$discovered" ] || die "PUBLIC_ADDRESS_COMMAND printed nothing: $PUBLIC_ADDRESS_COMMAND"
        export MERIDIAN_MEDIA_PUBLIC_ADDRESS="$discovered"
    fi

    # Checks with container-specific advice. Flags and a config file can provide the same settings, so they are
    # only made when neither is used; the node validates everything again in any case.
    flags=" $* "
    if [ -z "${MERIDIAN_CONFIG:-}" ]; then
        dev="${MERIDIAN_DEV:-false}"
        case "$flags" in *" --dev "*) dev=true ;; esac
        case "$flags" in *" --public-address"*|*" --media-public-address"*|*" --media-host"*) ;; *)
            case "${MERIDIAN_MEDIA_HOST:-0.0.0.0}" in 0.0.0.0|::|"[::]")
                [ "$dev" = "true" ] || [ -n "${MERIDIAN_MEDIA_PUBLIC_ADDRESS:-}" ] || die \
"no public media address: set MERIDIAN_MEDIA_PUBLIC_ADDRESS (or PUBLIC_ADDRESS, or PUBLIC_ADDRESS_COMMAND) to the
address clients reach this container's UDP port ${MERIDIAN_MEDIA_PORT:-10000} at (the host's address, published
with -p ${MERIDIAN_MEDIA_PORT:-10000}:${MERIDIAN_MEDIA_PORT:-10000}/udp)" ;;
            esac ;;
        esac
        case "$flags" in *" --auth-secret"*) ;; *)
            [ "$dev" = "true" ] || [ -n "${MERIDIAN_AUTH_SECRET:-}" ] || die \
"no API secret: set MERIDIAN_AUTH_SECRET (at least 32 bytes; or AUTH_SECRET_FILE naming a file that holds it)" ;;
        esac
    fi
fi

if [ -n "${JAVA_HOME:-}" ]; then
    java="$JAVA_HOME/bin/java"
else
    java="java"
fi

# Container-aware heap: a share of the container's memory limit (the JVM reads the cgroup limit), leaving room
# for Netty's direct buffers and thread stacks; exit on OutOfMemoryError so the orchestrator restarts the node.
# JAVA_OPTS come after these, so they win.
# shellcheck disable=SC2086 # JAVA_OPTS and MERIDIAN_JAVA_OPTS are word-split on purpose.
if [ -n "${APP_CLASSPATH:-}" ]; then
    exec "$java" -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError ${JAVA_OPTS:-} $extra_java_opts \
        -cp "$APP_CLASSPATH" io.meridian.server.Main "$command" "$@"
fi
[ -r "$jar" ] || die "cannot read the server jar $jar (set MERIDIAN_JAR or APP_JAR)"
exec "$java" -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError ${JAVA_OPTS:-} $extra_java_opts \
    -jar "$jar" "$command" "$@"
