"""The one atomic writer: whole file or nothing, and a clear input error when it cannot write."""

from __future__ import annotations

from pathlib import Path

import pytest

from secassess.errors import InputError
from secassess.fsutil import atomic_write_text


def test_unwritable_place_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        atomic_write_text(blocker / "sub" / "out.json", "{}")  # a file stands where the folder should be
    assert exc.value.file == str(blocker / "sub" / "out.json")
    assert "không ghi được tệp" in exc.value.message


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="thư mục"):
        atomic_write_text(tmp_path, "{}")


def test_failure_inside_the_block_leaves_no_file(tmp_path: Path) -> None:
    from secassess.fsutil import atomic_open

    target = tmp_path / "r.csv"
    with pytest.raises(RuntimeError), atomic_open(target, "w", encoding="utf-8") as fh:
        fh.write("half")
        raise RuntimeError("renderer bug")
    assert list(tmp_path.iterdir()) == []


def test_a_write_error_inside_the_block_is_an_input_error_but_other_io_is_not(tmp_path: Path) -> None:
    from secassess.fsutil import atomic_open

    with pytest.raises(InputError, match="không ghi được tệp"), atomic_open(tmp_path / "a.bin") as fh:
        fh.write(b"x")
        raise OSError(28, "No space left on device")  # as fh.write raises on a full disk
    with pytest.raises(FileNotFoundError), atomic_open(tmp_path / "b.bin"):
        (tmp_path / "missing-input").read_bytes()  # the caller's own read: not ours to relabel
    assert list(tmp_path.iterdir()) == []
