from pathlib import Path

import pytest

from secassess.errors import InputError
from secassess.yamlio import load_yaml, parse_yaml


def test_values_keep_their_line() -> None:
    doc = parse_yaml("a: 1\nb:\n  - x: 2\n    y: [1, 2]\n", "f.yaml")
    assert doc.data == {"a": 1, "b": [{"x": 2, "y": [1, 2]}]}
    assert doc.line(("b", 0, "y", 1)) == 4
    assert doc.line(("b",)) == 2
    assert doc.where(("b", 0, "missing_field")) == "dòng 3"


def test_text_is_normalised_to_nfc() -> None:
    decomposed = "Đa\u0323t"  # "Đạt" with a combining dot below
    doc = parse_yaml(f"result: {decomposed}\n", "f.yaml")
    assert doc.data["result"] == "Đạt"


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly() -> None:
    with pytest.raises(InputError) as exc:
        parse_yaml(billion_laughs(), "bomb.yaml")
    assert exc.value.file == "bomb.yaml"
    assert "alias" in str(exc.value)


def test_many_aliases_are_refused_even_when_small() -> None:
    text = "a: &x 1\nb: [" + ", ".join(["*x"] * 500) + "]\n"
    with pytest.raises(InputError, match="alias"):
        parse_yaml(text, "aliases.yaml")


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(InputError, match="lồng nhau quá sâu"):
        parse_yaml("[" * 200 + "]" * 200, "deep.yaml")
    indented = "".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100 + "v\n"
    with pytest.raises(InputError, match="lồng nhau quá sâu"):
        parse_yaml(indented, "deep2.yaml")


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    with pytest.raises(InputError) as exc:
        parse_yaml("answers:\n  QLRR-01: pass\n  QLRR-01: fail\n", "answers.yaml")
    (problem,) = exc.value.problems
    assert problem.location == "dòng 3"
    assert "QLRR-01" in problem.message and "dòng 2" in problem.message


def test_syntax_error_names_line_and_column() -> None:
    with pytest.raises(InputError) as exc:
        parse_yaml("a: [1, 2\nb: 3\n", "broken.yaml")
    assert exc.value.file == "broken.yaml"
    assert exc.value.location is not None and exc.value.location.startswith("dòng")


def test_non_utf8_file_is_refused_with_line(tmp_path: Path) -> None:
    f = tmp_path / "latin1.yaml"
    f.write_bytes("a: 1\nname: Sở Tư pháp\n".encode("cp1258", errors="replace").replace(b"S", b"S\xff"))
    with pytest.raises(InputError) as exc:
        load_yaml(f)
    assert "UTF-8" in exc.value.message
    assert exc.value.location == "dòng 2"


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    f = tmp_path / "huge.yaml"
    f.write_bytes(b"a: " + b"x" * 2000 + b"\n")
    with pytest.raises(InputError, match="quá lớn"):
        load_yaml(f, max_bytes=1000)


def test_python_tags_are_not_executed() -> None:
    with pytest.raises(InputError):
        parse_yaml("x: !!python/object/apply:os.system ['true']\n", "evil.yaml")


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="không tìm thấy tệp"):
        load_yaml(tmp_path / "nope.yaml")


def test_impossible_date_is_an_input_error_at_its_line() -> None:
    with pytest.raises(InputError) as exc:
        parse_yaml("systems:\n  - id: A\n    level_dossier_approved: 2025-13-40\n", "inv.yaml")
    assert exc.value.location == "dòng 3, cột 29"
    assert "2025-13-40" in exc.value.message
    assert parse_yaml("d: 2025-03-10\n", "ok.yaml").data["d"].isoformat() == "2025-03-10"
