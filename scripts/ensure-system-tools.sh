#!/usr/bin/env bash
# Make sure the system tools the tests need are present: Debian's headless Chromium (for
# Playwright and axe-core; tests/support/browsing.py says why the headless build), a Java
# runtime (for the W3C Nu HTML Checker), and the web servers the deploy recipes are tested on
# (nginx and Apache httpd, with openssl for the test certificate). As root on Debian/Ubuntu
# it installs what is missing with apt-get; otherwise it says exactly what to install and
# fails. It never skips: a missing tool is a failed run.
set -euo pipefail

missing_pkgs=()
chromium_path="${APP_CHROMIUM:-}"
if [ -n "$chromium_path" ]; then
  [ -x "$chromium_path" ] || { echo "APP_CHROMIUM=$chromium_path is not an executable browser." >&2; exit 1; }
elif ! command -v chromium-headless-shell >/dev/null 2>&1; then
  missing_pkgs+=(chromium-headless-shell)
fi
if ! command -v java >/dev/null 2>&1; then
  missing_pkgs+=(default-jre-headless)
fi
# The servers live in /usr/sbin, which is not on every user's PATH.
has() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
has nginx || missing_pkgs+=(nginx)
has apache2 || missing_pkgs+=(apache2)
has openssl || missing_pkgs+=(openssl)

[ ${#missing_pkgs[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing missing system packages: ${missing_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing_pkgs[@]}"
  exit 0
fi

cat >&2 <<MSG
The tests need system tools that are not installed: ${missing_pkgs[*]}
  On Debian or Ubuntu:  sudo apt-get install ${missing_pkgs[*]}
  On macOS (Homebrew):  brew install --cask chromium; brew install openjdk
    (the server tests use Debian's layout of nginx and Apache: run them on Debian or Ubuntu)
  Or point APP_CHROMIUM at any Chromium or Chrome binary, e.g.
    APP_CHROMIUM="\$HOME/.cache/ms-playwright/chromium-*/chrome-linux/chrome" make test
    (after: .venv/bin/python -m playwright install chromium, on a machine with internet)
Then run make test again.
MSG
exit 1
