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
  "simple-whip-client /usr/bin/whip-client"
  "gcc gcc"
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

# npm packages the browser tests run in Chromium, pinned, into target/test-npm (npm itself from Debian when the
# machine has none).
NPM_PACKAGES=("whip-whep@1.2.0")
NPM_PREFIX="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/target/test-npm"
if ! command -v npm >/dev/null 2>&1; then
  missing+=("npm")
fi

install_npm_packages() {
  local wanted=()
  for spec in "${NPM_PACKAGES[@]}"; do
    local name=${spec%@*} version=${spec##*@}
    local manifest="$NPM_PREFIX/node_modules/$name/package.json"
    if ! [[ -f $manifest ]] || ! grep -q "\"version\": *\"$version\"" "$manifest"; then
      wanted+=("$spec")
    fi
  done
  if ((${#wanted[@]} > 0)); then
    echo "install-test-deps: npm install ${wanted[*]} into $NPM_PREFIX"
    mkdir -p "$NPM_PREFIX"
    npm install --prefix "$NPM_PREFIX" --no-audit --no-fund --no-save "${wanted[@]}"
  fi
}

if ((${#missing[@]} == 0)); then
  install_npm_packages
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
install_npm_packages
echo "install-test-deps: done."
