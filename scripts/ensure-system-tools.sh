#!/bin/sh
# Make sure the system tools the tests use are present: nmap, poppler-utils (pdftotext, pdffonts,
# pdftoppm), fontconfig (fc-list, for the font discovery tests; reports use the fonts bundled in the
# package), SoftHSM2 (a software token for the PKCS#11 signing test), the scanners whose real output
# the scan tests import: lynis (host hardening audit) and testssl.sh (TLS tester), the PostgreSQL
# server (package postgresql: initdb and pg_ctl, for the private cluster the storage tests start), and
# Debian's chromium (the browser the web tests drive with Playwright; Playwright's own browser download
# is not used), and openssl (the certificates of the TLS servers the scan tests start).
# As root with apt-get: install what is missing. Otherwise: print the exact command and stop.
set -eu
missing=""
command -v nmap >/dev/null 2>&1 || missing="$missing nmap"
command -v pdftotext >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v fc-list >/dev/null 2>&1 || missing="$missing fontconfig"
command -v softhsm2-util >/dev/null 2>&1 || missing="$missing softhsm2"
command -v openssl >/dev/null 2>&1 || missing="$missing openssl"
command -v lynis >/dev/null 2>&1 || [ -x /usr/sbin/lynis ] || missing="$missing lynis"
command -v testssl >/dev/null 2>&1 || command -v testssl.sh >/dev/null 2>&1 || missing="$missing testssl.sh"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Cài đặt công cụ hệ thống / installing system tools:$missing" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    exit 0
fi
echo "Thiếu công cụ hệ thống cho kiểm thử / system tools missing for the tests:$missing" >&2
echo "Chạy / run:" >&2
echo "    sudo apt-get install -y$missing" >&2
exit 1
