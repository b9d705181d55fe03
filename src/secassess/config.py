"""The workspace configuration file ``secassess.yaml``."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from secassess.errors import InputError, Problem
from secassess.messages import msg
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
    evidence_max_mb: int = Field(default=50, ge=1, le=2047)  # blobs.size is a 32-bit INTEGER on PostgreSQL
    input_max_mb: int = Field(default=10, ge=1, le=1024)  # YAML/CSV/XLSX files read
    scan_max_addresses: int = Field(default=256, ge=1, le=65536)  # largest CIDR range scanned at once


class IncidentDeadlines(_Section):
    initial_notification_hours: int = Field(default=24, ge=1, le=720)
    full_report_hours: int = Field(default=72, ge=1, le=2160)


class Signer(_Section):
    """Who signs (Decree 30: quyền hạn, chức vụ, họ tên): ``authority`` is "KT. GIÁM ĐỐC" when a deputy
    signs for the head, "TM. ỦY BAN NHÂN DÂN" for a collective body, empty when signing in one's own right."""

    authority: str = ""
    title: str = "THỦ TRƯỞNG ĐƠN VỊ"
    name: str = ""


class WorkspaceConfig(_Section):
    """Everything in ``secassess.yaml``. Report headers come from here."""

    province: str = ""  # "tỉnh Quảng Ngãi"
    issuing_body_parent: str = ""  # cơ quan chủ quản, first line of the header: "UBND TỈNH ..."
    issuing_body: str = ""  # cơ quan ban hành: "CÔNG AN TỈNH ..."
    place: str = ""  # địa danh: "Quảng Ngãi" in "Quảng Ngãi, ngày ... tháng ... năm ..."
    document_code: str = ""  # ký hiệu: "CAT-PA05" in "Số: .../BC-CAT-PA05"
    signer: Signer = Field(default_factory=Signer)
    recipients: list[str] = Field(default_factory=list)  # Nơi nhận, besides "Như trên" and "Lưu"
    filing: str = "VT"  # "- Lưu: VT, PA05.": the archive (VT) and the drafting unit
    # "Kính gửi" of the monthly provincial report; empty: the provincial police ("Công an <province>")
    province_report_to: str = ""
    language: Literal["vi", "en"] = "vi"
    checklist_dirs: list[str] = Field(default_factory=list)
    profile_dirs: list[str] = Field(default_factory=list)
    fonts: Fonts = Field(default_factory=Fonts)
    limits: Limits = Field(default_factory=Limits)
    incidents: IncidentDeadlines = Field(default_factory=IncidentDeadlines)
    # the database when it is not the workspace's SQLite file: postgresql+psycopg://USER@HOST/DATABASE
    database: str = ""

    @field_validator("database")
    @classmethod
    def _database_url(cls, value: str) -> str:
        """A URL secassess can use, without a password: the workspace folder is copied, mounted and
        backed up with the evidence, so the password lives in ~/.pgpass, PGPASSWORD or
        SECASSESS_DATABASE instead."""
        value = value.strip()
        if not value:
            return value
        from secassess.dburl import parse_url
        from secassess.errors import InputError as _InputError

        try:
            url = parse_url(value, where="database")
        except _InputError as exc:
            raise ValueError(exc.message) from None
        if url.password is not None or "password" in url.query:
            raise ValueError(msg("config.do_not_write_password_secassess"))
        return value


def render_config(cfg: WorkspaceConfig) -> str:
    """``secassess.yaml`` for ``cfg``, every setting with a comment saying what it is (written by
    ``init`` and ``config set``)."""
    import yaml

    def v(value: object) -> str:
        """A value on one line, quoted only where YAML needs it."""
        text: str = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1 << 20)
        return text.removesuffix("\n").removesuffix("\n...")

    fonts = {k: x for k, x in cfg.fonts.model_dump().items() if x}
    lim, inc = cfg.limits, cfg.incidents
    return f"""\
# Cấu hình không gian làm việc secassess / secassess workspace configuration
# Các thông tin dưới đây được in ở phần đầu và phần cuối báo cáo (Nghị định 30/2020/NĐ-CP).
# Sửa trực tiếp tệp này hoặc dùng: secassess config set KHÓA "giá trị"
province: {v(cfg.province)}  # ví dụ: tỉnh Quảng Ngãi
issuing_body_parent: {v(cfg.issuing_body_parent)}  # cơ quan chủ quản, ví dụ: UBND tỉnh Quảng Ngãi
issuing_body: {v(cfg.issuing_body)}  # cơ quan ban hành báo cáo, ví dụ: Công an tỉnh Quảng Ngãi
place: {v(cfg.place)}  # địa danh ghi trước ngày tháng, ví dụ: Quảng Ngãi
document_code: {v(cfg.document_code)}  # ký hiệu văn bản sau "/BC-", ví dụ: CAT-PA05
signer:
  authority: {v(cfg.signer.authority)}  # quyền hạn khi ký thay, ví dụ: KT. GIÁM ĐỐC (để trống nếu ký trực tiếp)
  title: {v(cfg.signer.title)}  # chức vụ người ký, ví dụ: PHÓ GIÁM ĐỐC
  name: {v(cfg.signer.name)}  # họ tên người ký
recipients: {v(cfg.recipients)}  # Nơi nhận (ngoài "Như trên" và "Lưu"), ví dụ: ["Bộ Công an (A05)"]
filing: {v(cfg.filing)}  # dòng "Lưu:", ví dụ: VT, PA05
province_report_to: {v(cfg.province_report_to)}  # "Kính gửi" của báo cáo tháng; để trống: Công an <tỉnh>
language: {v(cfg.language)}  # vi | en
checklist_dirs: {v(cfg.checklist_dirs)}  # thư mục bộ tiêu chí bổ sung (đường dẫn tương đối với thư mục này)
profile_dirs: {v(cfg.profile_dirs)}  # thư mục hồ sơ áp dụng bổ sung
fonts: {v(fonts)}  # regular / bold / italic / bold_italic: tệp TrueType; để trống: phông đi kèm secassess
limits:
  evidence_max_mb: {lim.evidence_max_mb}
  input_max_mb: {lim.input_max_mb}
  scan_max_addresses: {lim.scan_max_addresses}
incidents:
  initial_notification_hours: {inc.initial_notification_hours}
  full_report_hours: {inc.full_report_hours}
# Cơ sở dữ liệu dùng chung của tỉnh (PostgreSQL), ví dụ: postgresql+psycopg://secassess@db.tinh.gov.vn/secassess
# Để trống: tệp SQLite secassess.db trong thư mục này. Không ghi mật khẩu ở đây (dùng ~/.pgpass hoặc PGPASSWORD).
database: {v(cfg.database)}
"""


DEFAULT_CONFIG_TEXT = render_config(WorkspaceConfig())


def missing_issuer_settings(cfg: WorkspaceConfig) -> list[tuple[str, str]]:
    """The settings an issued document needs that are still empty: (key, what it is)."""
    wanted = [("issuing_body", cfg.issuing_body, msg("config.issuing_body")),
              ("issuing_body_parent", cfg.issuing_body_parent, msg("config.parent_body")),
              ("place", cfg.place, msg("config.place")),
              ("document_code", cfg.document_code, msg("config.document_code")),
              ("signer.name", cfg.signer.name, msg("config.signer_name"))]
    return [(key, label) for key, value, label in wanted if not value.strip()]


def set_setting(root: Path, cfg: WorkspaceConfig, key: str, values: list[str]) -> WorkspaceConfig:
    """``cfg`` with ``key`` (dotted: ``signer.name``) set to ``values`` (one value, or several for a
    list), checked as the file is, and written to ``root/secassess.yaml`` atomically."""
    from secassess.fsutil import atomic_write_text

    data = cfg.model_dump(mode="json")
    parts = key.split(".")
    node = data
    for part in parts[:-1]:
        if not isinstance(node.get(part), dict):
            node = {}
            break
        node = node[part]
    last = parts[-1]
    if last not in node or isinstance(node[last], dict):
        known = ", ".join(k for k in _keys(data))
        raise InputError(msg("config.no_setting_known", k=key, a=known),
                         location=key)
    if isinstance(node[last], list):
        node[last] = [v for v in values if v.strip()]
    elif len(values) != 1:
        raise InputError(msg("config.takes_exactly_one_value", k=key), location=key)
    else:
        node[last] = values[0]
    try:
        new = WorkspaceConfig.model_validate(data)
    except ValidationError as exc:
        from secassess.validation import explain

        raise InputError("; ".join(explain(e, key) for e in exc.errors()), location=key) from None
    atomic_write_text(root / CONFIG_FILE, render_config(new))
    return new


def _keys(data: dict[str, object], prefix: str = "") -> list[str]:
    out: list[str] = []
    for k, v in data.items():
        if isinstance(v, dict):
            out += _keys(v, f"{prefix}{k}.")
        else:
            out.append(prefix + k)
    return out


def load_config(path: Path) -> WorkspaceConfig:
    doc = load_yaml(path, max_bytes=1024 * 1024)
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        raise InputError(msg("config.configuration_must_yaml_mapping"),
                         str(path))
    try:
        return WorkspaceConfig.model_validate(data)
    except ValidationError as exc:
        from secassess.validation import explain

        problems = [doc.problem(e["loc"], explain(e, ".".join(map(str, e["loc"])))) for e in exc.errors()]
        raise InputError.from_problems(msg("config.invalid_configuration"), problems) from None


__all__ = ["CONFIG_FILE", "DEFAULT_CONFIG_TEXT", "Problem", "WorkspaceConfig", "load_config", "missing_issuer_settings",
           "render_config"]
