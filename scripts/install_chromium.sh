#!/usr/bin/env bash
# Install the browser the review-site tests drive (tests/test_report_browser.py): Debian's
# `chromium` package and a CJK font, through apt-get. Nothing is downloaded by Playwright.
# Non-interactive; needs root (or sudo without a password). Never fails: when the install is not
# possible the browser tests skip and say why.
set -u
have_font() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]; }
if command -v chromium >/dev/null 2>&1 && have_font; then
    exit 0
fi
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "install_chromium: not root: cannot apt-get install chromium; the browser tests will skip" >&2
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_chromium: no apt-get here; install Chromium by hand (or set EXTRACTOR_CHROMIUM); the browser tests will skip" >&2
    exit 0
fi
echo "install_chromium: apt-get install chromium fonts-wqy-microhei (for the browser tests)" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei; } >/tmp/install_chromium.log 2>&1; then
    echo "install_chromium: apt-get failed (log: /tmp/install_chromium.log); the browser tests will skip" >&2
fi
exit 0
