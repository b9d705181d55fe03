"""``system import``: many units and systems from one YAML or CSV file, all or nothing.

Every row is validated first and every bad row is reported with its line; nothing is written
unless the whole file is good. Existing units and systems are updated (only the fields the
file gives); new ones are created. The formats are described in ``docs/questionnaires.md``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection

from secassess.errors import InputError, Problem
from secassess.fsutil import SPREADSHEETS, check_file, sniff, wrong_kind
from secassess.inventory import service
from secassess.inventory.models import SystemSpec, UnitSpec, validation_messages
from secassess.messages import msg
from secassess.yamlio import YamlDoc, parse_yaml, read_text

CSV_COLUMNS = ("id", "name", "unit", "unit_name", "level", "important", "national_database", "in_use",
               "description", "owner", "contact", "hosting", "level_dossier_approved",
               "security_plan_approved", "targets", "allowed_ports")


@dataclass
class Row:
    """One validated record and where it stood (for messages)."""

    spec: Any  # UnitSpec | SystemSpec
    where: str


@dataclass
class Inventory:
    file: str
    units: list[Row] = field(default_factory=list)
    systems: list[Row] = field(default_factory=list)


@dataclass
class ImportSummary:
    """What an import did, in file order: the ids created and updated, and how many were unchanged."""

    units_created: list[str] = field(default_factory=list)
    units_updated: list[str] = field(default_factory=list)
    systems_created: list[str] = field(default_factory=list)
    systems_updated: list[str] = field(default_factory=list)
    units_unchanged: int = 0
    systems_unchanged: int = 0

    @property
    def unchanged(self) -> int:
        return self.units_unchanged + self.systems_unchanged

    def to_dict(self) -> dict[str, Any]:
        return {"units_created": self.units_created, "units_updated": self.units_updated,
                "systems_created": self.systems_created, "systems_updated": self.systems_updated,
                "units_unchanged": self.units_unchanged, "systems_unchanged": self.systems_unchanged,
                "unchanged": self.unchanged}


def _line(n: int | None) -> str | None:
    return msg("inventory.importer.line", n=n) if n else None


def load_inventory(path: Path, *, max_bytes: int) -> Inventory:
    """Read and validate an inventory file (``.yaml``/``.yml`` or ``.csv``). Raises
    :class:`InputError` listing every bad row, or saying what the file really is when it is not
    text (a workbook, a Word document ...: :func:`secassess.fsutil.sniff`)."""
    check_file(path, max_bytes=max_bytes, setting="limits.input_max_mb")
    kind = sniff(path)
    if kind != "text":
        advice = msg("inventory.importer.excel_libreoffice_choose_save_as") if kind in SPREADSHEETS else ""
        raise wrong_kind(path, kind, msg("inventory.importer.inventory_file_yaml_yaml_yml"), advice)
    text = read_text(path, max_bytes=max_bytes, setting="limits.input_max_mb")
    if path.suffix.lower() == ".csv":
        return _load_csv(text, str(path))
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(msg("inventory.importer.only_yaml_yml_csv_files"), str(path))
    return _load_yaml(parse_yaml(text, str(path)))


def _load_yaml(doc: YamlDoc) -> Inventory:
    inv = Inventory(doc.file)
    problems: list[Problem] = []
    data = doc.data
    if not isinstance(data, dict):
        raise InputError(msg("inventory.importer.file_must_yaml_mapping_units"), doc.file)
    for key in data:
        if key not in ("units", "systems"):
            problems.append(doc.problem((key,), msg("inventory.importer.key_not_allowed_only_units", k=key)))
    for section, model, target in (("units", UnitSpec, inv.units), ("systems", SystemSpec, inv.systems)):
        items = data.get(section)
        if items is None:
            continue
        if not isinstance(items, list):
            problems.append(doc.problem((section,), msg("inventory.importer.must_list", s=section)))
            continue
        for i, item in enumerate(items):
            where = doc.where((section, i)) or ""
            if not isinstance(item, dict):
                problems.append(doc.problem((section, i), msg("inventory.importer.each_entry_must_mapping_key")))
                continue
            try:
                target.append(Row(model.model_validate(item), where))
            except ValidationError as exc:
                for loc, said in validation_messages(exc):
                    problems.append(doc.problem((section, i, *loc[:1]), _who(item) + said))
    if not inv.units and not inv.systems and not problems:
        problems.append(Problem(msg("inventory.importer.file_lists_no_unit_system"),
                                doc.file))
    _check_duplicates(inv, problems)
    _refuse_if(problems)
    return inv


def _refuse_if(problems: list[Problem]) -> None:
    """Refuse the whole file when anything is wrong, listing every problem."""
    if problems:
        raise InputError.from_problems(msg("inventory.importer.inventory_file_has_problems_nothing", n=len(problems)), problems)


def _who(item: dict[str, Any]) -> str:
    ident = item.get("id")
    return f"{ident}: " if isinstance(ident, str) and ident else ""


def _sniff_delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _load_csv(text: str, file: str) -> Inventory:
    """CSV of systems, one per row; a ``unit_name`` column creates units not yet known."""
    inv = Inventory(file)
    problems: list[Problem] = []
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first))
    try:
        # each row with the line it ends on: the reader counts physical lines, quoted cells may span several
        rows = [(cells, reader.line_num) for cells in reader]
    except csv.Error as exc:
        raise InputError(msg("inventory.importer.invalid_csv", e=exc), file,
                         _line(reader.line_num)) from None
    if not rows:
        raise InputError(msg("inventory.importer.csv_file_empty"), file)
    header = [h.strip().lower() for h in rows[0][0]]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        problems.append(Problem(msg("inventory.importer.unknown_column_columns", c=", ".join(unknown), k=", ".join(CSV_COLUMNS)), file, _line(1)))
    dup = sorted({h for h in header if header.count(h) > 1})
    if dup:
        problems.append(Problem(msg("inventory.importer.duplicate_column", c=", ".join(dup)), file, _line(1)))
    for need in ("id", "name", "unit", "level"):
        if need not in header:
            problems.append(Problem(msg("inventory.importer.missing_column", c=need), file, _line(1)))
    if problems:
        raise InputError.from_problems(msg("inventory.importer.csv_header_wrong_nothing_was"), problems)
    unit_names: dict[str, tuple[str, str]] = {}
    for cells, line in rows[1:]:
        where = _line(line) or ""
        if not any(c.strip() for c in cells):
            continue  # blank line
        if len(cells) > len(header):
            problems.append(Problem(msg("inventory.importer.row_has_cells_more_than", n=len(cells), h=len(header)), file, where))
            continue
        # an empty cell means "not given": the default for a new system, unchanged for an existing one
        item = {h: c for h, c in zip(header, cells, strict=False) if c.strip()}
        unit_name = item.pop("unit_name", "")
        try:
            spec = SystemSpec.model_validate(item)
        except ValidationError as exc:
            for _loc, said in validation_messages(exc):
                problems.append(Problem(_who(item) + said, file, where))
            continue
        inv.systems.append(Row(spec, where))
        if unit_name:
            prev = unit_names.get(spec.unit)
            if prev and prev[0] != unit_name.strip():
                problems.append(Problem(msg("inventory.importer.unit_has_two_different_names", u=spec.unit, a=prev[0], w=prev[1], b=unit_name.strip()), file, where))
            else:
                unit_names[spec.unit] = (unit_name.strip(), where)
    for uid, (name, where) in unit_names.items():
        try:
            inv.units.append(Row(UnitSpec(id=uid, name=name), where))
        except ValidationError as exc:
            for _loc, said in validation_messages(exc):
                problems.append(Problem(f"{uid}: {said}", file, where))
    if not inv.systems and not problems:
        problems.append(Problem(msg("inventory.importer.file_lists_no_system"), file))
    _check_duplicates(inv, problems)
    _refuse_if(problems)
    return inv


def _check_duplicates(inv: Inventory, problems: list[Problem]) -> None:
    for rows, what in ((inv.units, msg("inventory.importer.unit")), (inv.systems, msg("inventory.importer.system"))):
        seen: dict[str, str] = {}
        for r in rows:
            if r.spec.id in seen and seen[r.spec.id] != r.where:
                problems.append(Problem(msg("inventory.importer.duplicate_also", w=what, i=r.spec.id, p=seen[r.spec.id]), inv.file, r.where))
            seen.setdefault(r.spec.id, r.where)


def apply_inventory(conn: Connection, inv: Inventory) -> ImportSummary:
    """Check the file against the database (units referenced must exist or be in the file), then
    create or update. Raises :class:`InputError` listing every problem before writing anything."""
    problems: list[Problem] = []
    file_units = {r.spec.id for r in inv.units}
    for r in inv.systems:
        spec: SystemSpec = r.spec
        if spec.unit not in file_units and not service.unit_exists(conn, spec.unit):
            problems.append(Problem(msg("inventory.importer.no_unit_list_under_units", s=spec.id, u=spec.unit), inv.file, r.where))
        elif service.system_exists(conn, spec.id):
            current = service.get_system(conn, spec.id)
            if "unit" in spec.model_fields_set and current.unit_id != spec.unit:
                problems.append(Problem(msg("inventory.importer.system_belongs_unit_file_says", s=spec.id, a=current.unit_id, b=spec.unit), inv.file, r.where))
    _refuse_if(problems)
    summary = ImportSummary()
    for r in inv.units:
        if service.unit_exists(conn, r.spec.id):
            if service.update_unit(conn, r.spec):
                summary.units_updated.append(r.spec.id)
            else:
                summary.units_unchanged += 1
        else:
            service.insert_unit(conn, r.spec)
            summary.units_created.append(r.spec.id)
    for r in inv.systems:
        if service.system_exists(conn, r.spec.id):
            _sys, diff = service.update_system(conn, r.spec, set(r.spec.model_fields_set))
            if diff:
                summary.systems_updated.append(r.spec.id)
            else:
                summary.systems_unchanged += 1
        else:
            service.insert_system(conn, r.spec)
            summary.systems_created.append(r.spec.id)
    return summary
