#!/usr/bin/env bash
# Install the browser the review-site tests drive (tests/test_report_browser.py): Debian's
# `chromium` package, through apt-get. Nothing is downloaded by Playwright.
#
# A CJK font for that browser only: Debian's fonts-wqy-microhei is unpacked into
# $EXTRACTOR_TEST_FONTS (default /opt/extractor-test-fonts) with a fontconfig file the tests hand
# to Chromium (FONTCONFIG_FILE). It is NOT installed system-wide on purpose: pdfium substitutes
# system fonts for fonts a PDF only names, and the fast reader's tests (tests/test_pdf_pdfium.py)
# expect a machine without a CJK one.
#
# Non-interactive; needs root (or sudo without a password). Never fails: when the install is not
# possible the browser tests skip and say why (without the font, screenshots show Chinese as boxes).
set -u
FONT_DIR="${EXTRACTOR_TEST_FONTS:-/opt/extractor-test-fonts}"

private_font() {
    [ -f "$FONT_DIR/fonts.conf" ] && return 0
    command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 || return 0
    local tmp
    tmp="$(mktemp -d)" || return 0
    if (cd "$tmp" && { apt-get download fonts-wqy-microhei || { $SUDO apt-get update -qq && apt-get download fonts-wqy-microhei; }; }) >/dev/null 2>&1 \
        && dpkg-deb -x "$tmp"/fonts-wqy-microhei_*.deb "$tmp/x" \
        && $SUDO mkdir -p "$FONT_DIR" \
        && $SUDO cp "$tmp"/x/usr/share/fonts/truetype/wqy/*.tt? "$FONT_DIR"/; then
        printf '%s\n' '<?xml version="1.0"?>' '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">' '<fontconfig>' \
            '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>' \
            "  <dir>$FONT_DIR</dir>" "  <cachedir>$FONT_DIR/cache</cachedir>" '</fontconfig>' \
            | $SUDO tee "$FONT_DIR/fonts.conf" >/dev/null
    else
        echo "install_chromium: could not unpack a CJK font for the browser (screenshots will show boxes)" >&2
    fi
    rm -rf "$tmp"
}

if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    SUDO="unavailable"
fi
if command -v chromium >/dev/null 2>&1; then
    [ "$SUDO" != unavailable ] && private_font
    exit 0
fi
if [ "$SUDO" = unavailable ]; then
    echo "install_chromium: not root: cannot apt-get install chromium; the browser tests will skip" >&2
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_chromium: no apt-get here; install Chromium by hand (or set EXTRACTOR_CHROMIUM); the browser tests will skip" >&2
    exit 0
fi
echo "install_chromium: apt-get install chromium (for the browser tests)" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends chromium; } >/tmp/install_chromium.log 2>&1; then
    echo "install_chromium: apt-get failed (log: /tmp/install_chromium.log); the browser tests will skip" >&2
    exit 0
fi
private_font
exit 0
