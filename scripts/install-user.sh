#!/bin/sh
# `make install`: secassess for the current user, as a `secassess` command usable from any folder.
# With pipx (its own environment, nothing mixed into the system's Python): `pipx install --force .`;
# without it: `python3 -m pip install --user .`. Says which it used, where the command went and
# whether that folder is on PATH. The alternative without installing: `. .venv/bin/activate`.
set -eu
PY=${1:-python3}
cd "$(dirname "$0")/.."

on_path() {
    case ":$PATH:" in *":$1:"*) return 0 ;; esac
    return 1
}

if command -v pipx >/dev/null 2>&1; then
    echo "Cài bằng pipx / installing with pipx: pipx install --force ." >&2
    pipx install --force .
    # PIPX_BIN_DIR (pipx >= 1.2 prints it with --value; older ones use ~/.local/bin unless it is set)
    bindir=$(pipx environment --value PIPX_BIN_DIR 2>/dev/null || true)
    [ -n "$bindir" ] || bindir=${PIPX_BIN_DIR:-$HOME/.local/bin}
    how="pipx"
    fix="pipx ensurepath"
else
    if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
        echo "secassess cần Python >= 3.11 / needs Python >= 3.11 (found: $("$PY" --version 2>&1 || echo none))" >&2
        exit 1
    fi
    echo "Không có pipx; cài bằng / no pipx; installing with: $PY -m pip install --user ." >&2
    if ! "$PY" -m pip install --user --quiet --disable-pip-version-check --no-warn-script-location . ; then
        echo "" >&2
        echo "Không cài được bằng pip --user (Python của hệ thống trên Debian 12, Ubuntu 23.04 trở đi từ chối," >&2
        echo "PEP 668; hoặc đang ở trong một venv). Cách khác / pip --user failed (Debian 12 and Ubuntu 23.04+" >&2
        echo "refuse it for the system's Python, PEP 668; or a venv is active). Instead:" >&2
        echo "    sudo apt-get install -y pipx && make install" >&2
        echo "    make demo && . .venv/bin/activate      # secassess trong venv / from the venv" >&2
        exit 1
    fi
    bindir=$("$PY" -c 'import os, sysconfig; print(sysconfig.get_path("scripts", os.name + "_user"))')
    how="pip --user"
    fix="export PATH=\"$bindir:\$PATH\"   # thêm vào ~/.profile / add it to ~/.profile"
fi

echo "Đã cài secassess bằng $how: $bindir/secassess" >&2
echo "Installed secassess with $how: $bindir/secassess" >&2
if on_path "$bindir"; then
    echo "Thư mục này có trong PATH: gõ “secassess --help” / the folder is on PATH: type “secassess --help”." >&2
else
    echo "Thư mục $bindir chưa có trong PATH / $bindir is not on PATH. Chạy / run:" >&2
    echo "    $fix" >&2
    echo "rồi mở lại cửa sổ dòng lệnh / then open a new terminal." >&2
fi
