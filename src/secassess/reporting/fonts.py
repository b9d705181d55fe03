"""Fonts for PDF reports (phông chữ): found, registered with reportlab, and checked.

reportlab prints boxes or silently drops letters when a font lacks a glyph, and Vietnamese
needs many letters beyond Latin-1 (ơ, ư, đ, ạ, ế, ữ …). So:

1. find a TrueType family: ``--font`` (a file, or a family name fontconfig knows), then the
   workspace's ``fonts:`` section, then the family shipped inside the package (Liberation Serif
   2.1.5, SIL Open Font License, the widths of Times New Roman, every Vietnamese letter in all four
   styles: ``fontdata/``), so a report looks the same on every machine. Only when that folder is
   missing (a repackaged install) is the machine searched: fontconfig (``fc-list``), then known
   paths on Linux, Windows and macOS, preferring Times New Roman, then Liberation Serif, Tinos,
   Noto Serif and DejaVu Serif, and skipping any family that lacks Vietnamese letters;
2. register regular, bold, italic and bold italic with ``registerFontFamily`` (a style that has
   no file of its own uses the nearest one);
3. before building, check that every character of the document is in every file
   (:meth:`FontSet.check`) and refuse with the font file and the missing characters.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secassess.errors import InputError
from secassess.messages import msg

if TYPE_CHECKING:
    from secassess.config import Fonts

STYLES = ("regular", "bold", "italic", "bold_italic")

#: Letters a font must have to be picked automatically (the full set is checked per document).
VIETNAMESE_PROBE = "ĂÂĐÊÔƠƯăâđêôơưÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ" \
                   "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"

#: The family shipped inside the package (see fontdata/README.md and fontdata/OFL.txt).
BUNDLED_DIR = Path(__file__).resolve().parent / "fontdata"
BUNDLED_FILES = ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
                 "LiberationSerif-BoldItalic.ttf")

#: Families tried in this order by automatic discovery.
PREFERRED_FAMILIES = ("Times New Roman", "Liberation Serif", "Tinos", "Noto Serif", "DejaVu Serif")

_LINUX_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation",
               "/usr/share/fonts/liberation-serif", "/usr/share/fonts/liberation",
               "/usr/share/fonts/truetype/msttcorefonts", "/usr/share/fonts/truetype/croscore",
               "/usr/share/fonts/truetype/noto", "/usr/share/fonts/noto", "/usr/share/fonts/google-noto",
               "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/dejavu-serif-fonts",
               "/usr/share/fonts/TTF", "/usr/local/share/fonts")

#: (regular, bold, italic, bold italic) file names of known families, in order of preference.
_KNOWN_FILES: tuple[tuple[str, str, str, str], ...] = (
    ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"),  # Windows
    ("Times New Roman.ttf", "Times New Roman Bold.ttf", "Times New Roman Italic.ttf",
     "Times New Roman Bold Italic.ttf"),  # macOS
    ("Times_New_Roman.ttf", "Times_New_Roman_Bold.ttf", "Times_New_Roman_Italic.ttf",
     "Times_New_Roman_Bold_Italic.ttf"),  # msttcorefonts
    ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
     "LiberationSerif-BoldItalic.ttf"),
    ("Tinos-Regular.ttf", "Tinos-Bold.ttf", "Tinos-Italic.ttf", "Tinos-BoldItalic.ttf"),
    ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf", "NotoSerif-BoldItalic.ttf"),
    ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf"),
    ("arial.ttf", "arialbd.ttf", "ariali.ttf", "arialbi.ttf"),  # Windows, last resort
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf",
     "LiberationSans-BoldItalic.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"),
)


def _known_dirs() -> list[Path]:
    dirs: list[Path] = []
    if sys.platform == "win32" or os.environ.get("WINDIR"):
        windir = os.environ.get("WINDIR", r"C:\Windows")
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    if sys.platform == "darwin":
        dirs += [Path("/System/Library/Fonts/Supplemental"), Path("/Library/Fonts"),
                 Path.home() / "Library" / "Fonts"]
    dirs += [Path(d) for d in _LINUX_DIRS]
    dirs += [Path.home() / ".local" / "share" / "fonts", Path.home() / ".fonts"]
    return dirs


@dataclass(frozen=True)
class FontFiles:
    """The four TrueType files of one family and where they were found."""

    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path
    source: str  # option | config | bundled | fontconfig | known path

    def by_style(self) -> dict[str, Path]:
        return {"regular": self.regular, "bold": self.bold, "italic": self.italic,
                "bold_italic": self.bold_italic}


# ---------------------------------------------------------------------------- discovery


def _sibling(regular: Path, style: str) -> Path | None:
    """The bold/italic file next to a regular file, by the usual naming schemes."""
    stem, suffix, parent = regular.stem, regular.suffix, regular.parent
    base = stem
    for tail in ("-Regular", "_Regular", " Regular", "-Roman", "-Book", "-Normal"):
        if stem.endswith(tail):
            base = stem[: -len(tail)]
            break
    names = {
        "bold": [f"{base}-Bold", f"{base}_Bold", f"{base} Bold", f"{base}bd", f"{base}b"],
        "italic": [f"{base}-Italic", f"{base}_Italic", f"{base} Italic", f"{base}-Oblique", f"{base}i"],
        "bold_italic": [f"{base}-BoldItalic", f"{base}_Bold_Italic", f"{base} Bold Italic",
                        f"{base}-BoldOblique", f"{base}bi", f"{base}z"],
    }[style]
    for n in names:
        for suf in dict.fromkeys((suffix, suffix.lower(), suffix.upper())):
            p = parent / f"{n}{suf}"
            if p.is_file() and p != regular:
                return p
    return None


def _complete(regular: Path, given: Mapping[str, Path | None], source: str, *, siblings: bool = True) -> FontFiles:
    """Fill the styles not given: a sibling file (when ``siblings``), else the nearest style, else
    the regular."""
    files: dict[str, Path | None] = {"regular": regular, **{s: given.get(s) for s in STYLES[1:]}}
    for s in STYLES[1:]:
        if files[s] is None and siblings:
            files[s] = _sibling(regular, s)
    bold = files["bold"] or regular
    italic = files["italic"] or regular
    return FontFiles(regular, bold, italic, files["bold_italic"] or files["bold"] or italic, source)


def _check_file(path: Path, shown: str, where: str | None = None) -> Path:
    if not path.is_file():
        raise InputError(msg("reporting.fonts.font_file_not_found_2", p=path), shown, where)
    return path


def from_option(value: str) -> FontFiles:
    """``--font``: a TrueType file (bold and italic taken from files beside it) or a family name."""
    path = Path(value).expanduser()
    if path.is_file():
        return _complete(path.resolve(), {}, "option")
    looks_like_path = os.sep in value or "/" in value or path.suffix.lower() in (".ttf", ".otf", ".ttc")
    if not looks_like_path:
        found = _from_fontconfig((value,), require_vietnamese=True) or _from_fontconfig((value,),
                                                                                     require_vietnamese=False)
        if found is not None:
            return found
        raise InputError(msg("reporting.fonts.font_not_found_no_such", f=value), "--font")
    raise InputError(msg("reporting.fonts.font_file_not_found"), value)


def from_config(fonts: Fonts, base_dir: Path, config_file: str) -> FontFiles | None:
    """The ``fonts:`` section of ``secassess.yaml`` (paths relative to the workspace)."""
    given = {s: getattr(fonts, s) for s in STYLES}
    if not any(given.values()):
        return None
    if not given["regular"]:
        raise InputError(msg("reporting.fonts.fonts_bold_italic_given_without"), config_file, "fonts.regular")
    paths: dict[str, Path | None] = {}
    for s, v in given.items():
        if v:
            p = Path(v).expanduser()
            paths[s] = _check_file(p if p.is_absolute() else base_dir / p, config_file, f"fonts.{s}")
        else:
            paths[s] = None
    regular = paths["regular"]
    assert regular is not None
    return _complete(regular, paths, "config")


def _fc_list(vietnamese: bool) -> list[tuple[Path, str, int, int, int]]:
    """(file, family, weight, slant, width) of every scalable font fontconfig knows; with
    ``vietnamese`` only those whose characters cover Vietnamese (``:lang=vi``). Two versions of a
    family can be installed side by side (Liberation 1.x, whose italics lack Vietnamese, and 2.x)."""
    exe = shutil.which("fc-list")
    if exe is None:
        return []
    pattern = ":scalable=true:lang=vi" if vietnamese else ":scalable=true"
    try:
        out = subprocess.run([exe, "--format", "%{file}\t%{family[0]}\t%{weight}\t%{slant}\t%{width}\n",
                              pattern], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    rows = []
    for line in out.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) != 5 or not parts[0].lower().endswith(".ttf"):
            continue

        def num(s: str, default: int) -> int:
            try:
                return int(float(s))
            except ValueError:
                return default

        rows.append((Path(parts[0]), parts[1], num(parts[2], 80), num(parts[3], 0), num(parts[4], 100)))
    return rows


def _from_fontconfig(families: Iterable[str], *, require_vietnamese: bool) -> FontFiles | None:
    rows = _fc_list(require_vietnamese)
    for family in families:
        mine = [r for r in rows if r[1].casefold() == family.casefold() and r[4] in (100, 0)]
        if not mine:
            continue

        def pick(bold: bool, italic: bool, near: Path | None = None,
                 mine: list[tuple[Path, str, int, int, int]] = mine) -> Path | None:
            ok = [r for r in mine if (r[2] >= 180) == bold and (r[3] >= 100) == italic]
            # beside the regular file (one version of the family), closest to regular (80) or bold
            # (200) weight, then the shortest name (no "Light" etc.)
            ok.sort(key=lambda r: (near is not None and r[0].parent != near.parent,
                                   abs(r[2] - (200 if bold else 80)), len(r[0].name), str(r[0])))
            return ok[0][0] if ok else None

        regular = pick(False, False)
        if regular is None or (require_vietnamese and not covers(regular, VIETNAMESE_PROBE)):
            continue
        return _complete(regular, {"bold": pick(True, False, regular), "italic": pick(False, True, regular),
                                   "bold_italic": pick(True, True, regular)}, "fontconfig",
                         siblings=not require_vietnamese)
    return None


def _from_known_paths() -> FontFiles | None:
    dirs = [d for d in _known_dirs() if d.is_dir()]
    for names in _KNOWN_FILES:
        for d in dirs:
            regular = d / names[0]
            if regular.is_file() and covers(regular, VIETNAMESE_PROBE):
                others = {s: (d / n if (d / n).is_file() and covers(d / n, VIETNAMESE_PROBE) else None)
                          for s, n in zip(STYLES[1:], names[1:], strict=True)}
                return _complete(regular, others, "known path", siblings=False)
    return None


def bundled() -> FontFiles | None:
    """The family shipped inside the package, or ``None`` if its files are not there."""
    paths = [BUNDLED_DIR / name for name in BUNDLED_FILES]
    if not all(p.is_file() for p in paths):
        return None
    regular, bold, italic, bold_italic = paths
    return FontFiles(regular, bold, italic, bold_italic, "bundled")


def find_fonts(option: str | None = None, config: Fonts | None = None, base_dir: Path | None = None,
               config_file: str = "secassess.yaml") -> FontFiles:
    """The font family for a report: option, configuration, the bundled family, then (only when the
    bundled files are missing) fontconfig and known paths."""
    if option:
        return from_option(option)
    if config is not None:
        found = from_config(config, base_dir or Path.cwd(), config_file)
        if found is not None:
            return found
    found = bundled() or discover()
    if found is None:
        raise InputError(msg("reporting.fonts.no_truetype_font_vietnamese_letters"))
    return found


def discover() -> FontFiles | None:
    """A family found on this machine: fontconfig, then known paths (the last fallback)."""
    return _from_fontconfig(PREFERRED_FAMILIES, require_vietnamese=True) or _from_known_paths()


# ---------------------------------------------------------------------------- reportlab


@lru_cache(maxsize=32)
def _ttfont(path: str) -> Any:
    """Parse a TrueType file once per process (reportlab's TTFont), refusing what it cannot use."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    name = "SA-" + hashlib.sha1(path.encode("utf-8")).hexdigest()[:12]
    try:
        return TTFont(name, path)
    except TTFError as exc:
        raise InputError(msg("reporting.fonts.cannot_use_font_file_truetype", e=exc), path) from None
    except OSError as exc:
        raise InputError(msg("reporting.fonts.cannot_read_font_file", e=exc.strerror or exc), path) from None


def covers(path: Path, text: str) -> bool:
    """Whether the font file has a glyph for every character of ``text`` (unreadable: no)."""
    try:
        cmap = _ttfont(str(path)).face.charToGlyph
    except InputError:
        return False
    return all(ord(c) in cmap for c in text)


#: Characters no glyph is needed for (line breaks are turned into <br/>, tabs into spaces).
_NO_GLYPH = frozenset("\n\r\t")


def printable_chars(text: str) -> set[str]:
    return {c for c in text if c not in _NO_GLYPH}


@dataclass
class FontSet:
    """A registered family: style name -> reportlab font name, and the glyph maps to check."""

    files: FontFiles
    family: str
    names: dict[str, str] = field(default_factory=dict)
    _fonts: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def regular(self) -> str:
        return self.names["regular"]

    @property
    def bold(self) -> str:
        return self.names["bold"]

    @property
    def italic(self) -> str:
        return self.names["italic"]

    @property
    def bold_italic(self) -> str:
        return self.names["bold_italic"]

    def check(self, chars: Mapping[str, str]) -> None:
        """Refuse to build when any font file lacks a character of the document.

        ``chars`` maps each character to a short piece of text where it occurs (for the message).
        """
        problems: list[str] = []
        seen_files: set[Path] = set()
        for style in STYLES:
            path = self.files.by_style()[style]
            if path in seen_files:
                continue
            seen_files.add(path)
            cmap = self._fonts[style].face.charToGlyph
            missing = sorted(c for c in chars if ord(c) not in cmap)
            if missing:
                shown = ", ".join(_describe(c, chars[c]) for c in missing[:8])
                more = msg("reporting.fonts.more", n=len(missing) - 8) if len(missing) > 8 else ""
                problems.append(f"{path}: {shown}{more}")
        if problems:
            raise InputError(msg("reporting.fonts.font_lacks_characters_used_report", p="\n  ".join(problems)))


def _describe(c: str, context: str) -> str:
    name = unicodedata.name(c, "")
    where = msg("reporting.fonts.text", t=context) if context else ""
    return f"“{c}” U+{ord(c):04X}{(' ' + name) if name else ''}{where}"


def register(files: FontFiles) -> FontSet:
    """Register the four files and the family with reportlab (idempotent)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    fonts = {s: _ttfont(str(p)) for s, p in files.by_style().items()}
    for f in fonts.values():
        if f.fontName not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(f)
    names = {s: f.fontName for s, f in fonts.items()}
    family = "SAF-" + hashlib.sha1("|".join(names.values()).encode()).hexdigest()[:12]
    pdfmetrics.registerFontFamily(family, normal=names["regular"], bold=names["bold"], italic=names["italic"],
                                  boldItalic=names["bold_italic"])
    # the members map back to the family too, so <b> inside a paragraph set in the regular font works
    for s, (b, i) in {"regular": (0, 0), "bold": (1, 0), "italic": (0, 1), "bold_italic": (1, 1)}.items():
        addMapping(names["regular"], b, i, names[s])
    return FontSet(files, family, names, fonts)
