#!/usr/bin/env bash
# Set up a fresh machine for moocforge: Debian packages (when root and missing) and .venv.
#   scripts/setup.sh          runtime only (build, lint, preview)
#   scripts/setup.sh test     also the test tools (olxcleaner, the Open edX CAPA engine, Playwright)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"

debian_packages=(ffmpeg gcc libc6-dev valgrind util-linux bubblewrap espeak-ng fonts-dejavu-core)
[ "$mode" = test ] && debian_packages+=(chromium)
# npm (axe-core for the accessibility test), unless a Node.js install already provides it
[ "$mode" = test ] && ! command -v npm >/dev/null 2>&1 && debian_packages+=(npm)

missing=()
if command -v dpkg >/dev/null 2>&1; then
  for pkg in "${debian_packages[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "warning: missing Debian packages (install them with sudo apt-get install): ${missing[*]}" >&2
  fi
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
pip_install() {
  # this machine's pip config names local mirrors that may be absent: drop those warnings
  .venv/bin/python -m pip install -q "$@" 2> >(grep -v "^WARNING: Location .* is ignored" >&2)
}
pip_install --upgrade pip >/dev/null
if [ "$mode" = test ]; then
  pip_install -e '.[test]'
else
  pip_install -e .
fi
# axe-core, injected into the site's pages by the accessibility test (tests/data/npm/: the
# version and its integrity hash are pinned in package-lock.json; nothing is fetched at test time)
if [ "$mode" = test ] && command -v npm >/dev/null 2>&1; then
  npm ci --prefix tests/data/npm --no-audit --no-fund --silent
fi
