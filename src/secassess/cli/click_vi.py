"""Vietnamese for click's own messages (usage errors, help headings).

click asks the standard ``gettext`` module for every message it prints. We answer with
Vietnamese when the current language is ``vi`` and otherwise let gettext answer as before, so
an officer reads "Lỗi: Thiếu tham số" rather than "Error: Missing argument".
"""

from __future__ import annotations

import gettext
from collections.abc import Callable

from secassess.i18n import get_lang

SINGULAR: dict[str, str] = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Tham số vị trí",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem '{command} {option}' để được hướng dẫn.",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing command.": "Thiếu lệnh.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là {number_type} hợp lệ.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} không tồn tại.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} là một thư mục.",
    "{name} {filename!r} is a file.": "{name} {filename!r} là một tệp.",
    "{name} {filename!r} is not readable.": "Không đọc được {name} {filename!r}.",
    "{name} {filename!r} is not writable.": "Không ghi được {name} {filename!r}.",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "Aborted!": "Đã hủy!",
    "Error: invalid input": "Lỗi: dữ liệu nhập không hợp lệ",
    "Error: The two entered values do not match.": "Lỗi: hai giá trị nhập không khớp nhau.",
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Do you want to continue?": "Tiếp tục?",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "required": "bắt buộc",
    "deprecated": "không còn dùng",
    "integer": "số nguyên",
    "float": "số thực",
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
}

PLURAL: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Thừa tham số ({args})", "Thừa các tham số ({args})"),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} không phải là {choice}.", "{value!r} không thuộc {choices}."),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Tùy chọn {name!r} cần một giá trị.", "Tùy chọn {name!r} cần {nargs} giá trị."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Có phải ý bạn là {possibility}?", "(Có phải ý bạn là một trong: {possibilities}?)"),
}

_installed = False


def install() -> None:
    """Route gettext lookups through our table (idempotent)."""
    global _installed
    if _installed:
        return
    original: Callable[[str, str], str] = gettext.dgettext
    original_n: Callable[[str, str, str, int], str] = gettext.dngettext

    def dgettext(domain: str, message: str) -> str:
        if get_lang() == "vi" and message in SINGULAR:
            return SINGULAR[message]
        return original(domain, message)

    def dngettext(domain: str, msgid1: str, msgid2: str, n: int) -> str:
        forms = PLURAL.get((msgid1, msgid2)) if get_lang() == "vi" else None
        if forms:
            return forms[0] if n == 1 else forms[1]
        return original_n(domain, msgid1, msgid2, n)

    gettext.dgettext = dgettext
    gettext.dngettext = dngettext
    _installed = True
