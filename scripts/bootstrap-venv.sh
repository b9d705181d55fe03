#!/bin/sh
# Create the virtual environment when it is missing. Debian and Ubuntu ship venv/ensurepip in a
# separate package (python3-venv); as root we install it, otherwise we say exactly what to run.
set -eu
PY=${1:-python3}
VENV=${2:-.venv}
[ -x "$VENV/bin/python" ] && exit 0
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    echo "secassess cần Python >= 3.11 / needs Python >= 3.11 (found: $("$PY" --version 2>&1 || echo none))" >&2
    exit 1
fi
if "$PY" -m venv "$VENV" 2>/dev/null; then
    exit 0
fi
rm -rf "$VENV"
ver=$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
pkgs="python3-venv python$ver-venv"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Cài đặt / installing: $pkgs" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null 2>&1 \
        || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python$ver-venv"
    "$PY" -m venv "$VENV"
else
    echo "Thiếu mô-đun venv của Python. Chạy / Python's venv module is missing. Run:" >&2
    echo "    sudo apt-get install -y python3-venv" >&2
    exit 1
fi
