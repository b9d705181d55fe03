"""The workspace configuration file ``secassess.yaml``."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from secassess.errors import InputError, Problem
from secassess.i18n import tr
from secassess.yamlio import load_yaml

CONFIG_FILE = "secassess.yaml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Fonts(_Section):
    """TrueType files for reports; empty means: find one (fontconfig, then known paths)."""

    regular: str | None = None
    bold: str | None = None
    italic: str | None = None
    bold_italic: str | None = None


class Limits(_Section):
    evidence_max_mb: int = Field(default=50, ge=1, le=4096)
    input_max_mb: int = Field(default=10, ge=1, le=1024)  # YAML/CSV/XLSX files read
    scan_max_addresses: int = Field(default=256, ge=1, le=65536)  # largest CIDR range scanned at once


class IncidentDeadlines(_Section):
    initial_notification_hours: int = Field(default=24, ge=1, le=720)
    full_report_hours: int = Field(default=72, ge=1, le=2160)


class Signer(_Section):
    title: str = "THỦ TRƯỞNG ĐƠN VỊ"
    name: str = ""


class WorkspaceConfig(_Section):
    """Everything in ``secassess.yaml``. Report headers come from here."""

    province: str = ""  # "tỉnh Quảng Ngãi"
    issuing_body_parent: str = ""  # cơ quan chủ quản, first line of the header: "UBND TỈNH ..."
    issuing_body: str = ""  # cơ quan ban hành: "CÔNG AN TỈNH ..."
    place: str = ""  # địa danh: "Quảng Ngãi" in "Quảng Ngãi, ngày ... tháng ... năm ..."
    signer: Signer = Field(default_factory=Signer)
    recipients: list[str] = Field(default_factory=list)  # Nơi nhận
    # "Kính gửi" of the monthly provincial report; empty: the provincial police ("Công an <province>")
    province_report_to: str = ""
    language: Literal["vi", "en"] = "vi"
    checklist_dirs: list[str] = Field(default_factory=list)
    profile_dirs: list[str] = Field(default_factory=list)
    fonts: Fonts = Field(default_factory=Fonts)
    limits: Limits = Field(default_factory=Limits)
    incidents: IncidentDeadlines = Field(default_factory=IncidentDeadlines)


DEFAULT_CONFIG_TEXT = """\
# Cấu hình không gian làm việc secassess / secassess workspace configuration
# Các thông tin dưới đây được in ở phần đầu và phần cuối báo cáo.
province: ""                 # ví dụ: tỉnh Quảng Ngãi
issuing_body_parent: ""      # cơ quan chủ quản, ví dụ: UBND TỈNH QUẢNG NGÃI
issuing_body: ""             # cơ quan ban hành báo cáo, ví dụ: CÔNG AN TỈNH QUẢNG NGÃI
place: ""                    # địa danh ghi trước ngày tháng, ví dụ: Quảng Ngãi
signer:
  title: THỦ TRƯỞNG ĐƠN VỊ
  name: ""
recipients: []               # Nơi nhận, ví dụ: ["Như trên", "Lưu: VT"]
province_report_to: ""       # "Kính gửi" của báo cáo tháng; để trống: Công an <tỉnh>
language: vi                 # vi | en
checklist_dirs: []           # thư mục bộ tiêu chí bổ sung (đường dẫn tương đối với thư mục này)
profile_dirs: []             # thư mục hồ sơ áp dụng bổ sung
fonts: {}                    # regular / bold / italic / bold_italic: đường dẫn tệp TrueType
limits:
  evidence_max_mb: 50
  input_max_mb: 10
  scan_max_addresses: 256
incidents:
  initial_notification_hours: 24
  full_report_hours: 72
"""


def load_config(path: Path) -> WorkspaceConfig:
    doc = load_yaml(path, max_bytes=1024 * 1024)
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        raise InputError(tr("tệp cấu hình phải là một ánh xạ YAML", "the configuration must be a YAML mapping"),
                         str(path))
    try:
        return WorkspaceConfig.model_validate(data)
    except ValidationError as exc:
        from secassess.validation import explain

        problems = [doc.problem(e["loc"], explain(e, ".".join(map(str, e["loc"])))) for e in exc.errors()]
        raise InputError.from_problems(tr("cấu hình không hợp lệ", "invalid configuration"), problems) from None


def render_config(cfg: WorkspaceConfig) -> str:
    """The config as YAML (used by ``init`` when values are given on the command line)."""
    from secassess.yamlio import dump_yaml

    return dump_yaml(cfg.model_dump(mode="json"))


__all__ = ["CONFIG_FILE", "DEFAULT_CONFIG_TEXT", "Problem", "WorkspaceConfig", "load_config", "render_config"]
