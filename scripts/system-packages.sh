#!/usr/bin/env bash
# Debian packages the test suite drives as independent programs: chromium (browser tests),
# poppler-utils (pdftotext reads our PDFs back), gdal-bin (ogr2ogr reads our GeoJSON), calcurse (a
# calendar client imports our ICS files). Installs whatever is missing when run as root; otherwise
# says what to install and fails, so a test never skips for want of a program.
set -euo pipefail

packages=(chromium fonts-dejavu-core poppler-utils gdal-bin calcurse)
missing=()
for package in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
		|| missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "samverka's tests need these Debian packages: ${missing[*]}" >&2
	echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
