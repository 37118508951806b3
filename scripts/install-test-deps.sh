#!/usr/bin/env bash
# Installs what the test suite needs beyond the JDK and Maven, from Debian packages only. Idempotent: packages
# already present are left alone and apt is not touched at all when nothing is missing.
set -euo pipefail

# One line per need: "<Debian package> <probe that proves it is installed>". A probe is a command on PATH, an
# executable file (an absolute path), or "import:<module>" for a Python module that Debian's /usr/bin/python3 imports.
REQUIREMENTS=(
  "chromium /usr/lib/chromium/chromium"
  "chromium-driver /usr/bin/chromedriver"
  "iproute2 ip"
  "nftables nft"
  "util-linux unshare"
  "redis-server redis-server"
  "janus /usr/bin/janus"
  "python3-aiortc import:aiortc"
  "python3-websockets import:websockets"
  "coturn /usr/bin/turnserver"
)

is_present() {
  local package=$1 probe=$2
  dpkg -s "$package" >/dev/null 2>&1 || return 1
  case $probe in
    import:*) /usr/bin/python3 -c "import ${probe#import:}" >/dev/null 2>&1 ;;
    /*) [[ -x $probe ]] ;;
    *) command -v "$probe" >/dev/null 2>&1 ;;
  esac
}

missing=()
for requirement in "${REQUIREMENTS[@]}"; do
  read -r package probe <<<"$requirement"
  is_present "$package" "$probe" || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
  echo "install-test-deps: everything is already installed."
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-test-deps: need root (or sudo) to install: ${missing[*]}" >&2
  exit 1
fi

echo "install-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y "${missing[@]}"

for requirement in "${REQUIREMENTS[@]}"; do
  read -r package probe <<<"$requirement"
  if ! is_present "$package" "$probe"; then
    echo "install-test-deps: $package was installed but $probe is still missing" >&2
    exit 1
  fi
done
echo "install-test-deps: done."
