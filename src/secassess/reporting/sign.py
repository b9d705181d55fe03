"""Digital signature (ký số) of a PDF report with pyHanko: PAdES baseline (B-B), from a PKCS#12
file or a key on a PKCS#11 token (a USB token, or SoftHSM2 for tests).

The secret (the PKCS#12 password or the token PIN) never comes from the command line: it is read from
an environment variable or asked for at the prompt by the CLI. A visible signature, when asked for,
is drawn in the blank the PDF renderer left between the signer's title and name: a picture (in the
report's own font, so Vietnamese prints) saying who signed and when — Decree 30 puts the image of a
digital signature exactly there.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from secassess.errors import InputError
from secassess.messages import msg

#: the environment variables the CLI reads the secrets from
PASSWORD_ENV = "SECASSESS_SIGN_PASSWORD"
PIN_ENV = "SECASSESS_PKCS11_PIN"
MAX_P12_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Pkcs11Key:
    """A key on a PKCS#11 token: the library of the token's driver, the token's label, the key's label,
    and optionally the certificate's label (default: the key's)."""

    module: Path
    token_label: str
    key_label: str
    cert_label: str | None = None


@dataclass(frozen=True)
class SignRequest:
    """Sign with ``p12`` (a PKCS#12 file) or ``pkcs11`` (a token); ``secret`` is the password or PIN."""

    secret: bytes
    p12: Path | None = None
    pkcs11: Pkcs11Key | None = None
    visible: bool = False
    reason: str = ""
    location: str = ""


def _signer_from_p12(req: SignRequest) -> Any:
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign import signers

    from secassess.fsutil import read_bytes

    assert req.p12 is not None
    data = read_bytes(req.p12, max_bytes=MAX_P12_BYTES, what=msg("reporting.sign.certificate_file"))
    try:
        key, cert, _extra = pkcs12.load_key_and_certificates(data, req.secret or None)
    except ValueError:
        raise InputError(msg("reporting.sign.cannot_open_pkcs_12_file_2"), str(req.p12)) from None
    if key is None or cert is None:
        raise InputError(msg("reporting.sign.pkcs_12_file_holds_no"), str(req.p12))
    signer = signers.SimpleSigner.load_pkcs12(str(req.p12), passphrase=req.secret or None)
    if signer is None:  # pragma: no cover - cryptography opened it above
        raise InputError(msg("reporting.sign.cannot_open_pkcs_12_file"), str(req.p12))
    return signer


def _pkcs11_session(k: Pkcs11Key, pin: bytes) -> Any:
    from pkcs11.exceptions import PKCS11Error
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11

    if not k.module.is_file():
        raise InputError(msg("reporting.sign.pkcs_11_library_not_found"),
                         str(k.module))
    try:
        return pkcs11.open_pkcs11_session(str(k.module), token_criteria=TokenCriteria(label=k.token_label),
                                          user_pin=pin.decode("utf-8"))
    except (PKCS11Error, OSError) as exc:  # wrong PIN, no such token, a driver that fails
        raise InputError(msg("reporting.sign.cannot_open_token", t=k.token_label, e=type(exc).__name__ + (f" {exc}" if str(exc) else "")),
                         str(k.module)) from None


def _stamp(name: str, when: datetime, width_pt: float, height_pt: float, lang: str) -> Any:
    """The picture of a visible signature: who signed and when, in blue, in the bundled font."""
    from PIL import Image, ImageDraw, ImageFont
    from pyhanko import stamp
    from pyhanko.pdf_utils import images

    from secassess.reporting.fonts import bundled, find_fonts

    files = bundled() or find_fonts()
    scale = 4
    w, h = int(width_pt * scale), int(height_pt * scale)
    img = Image.new("RGBA", (w, h), (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    blue = (0, 51, 153, 255)
    d.rectangle([2, 2, w - 3, h - 3], outline=blue, width=3)
    from secassess.reporting.wording import Wording

    words = Wording("en" if lang == "en" else "vi")
    lines = [words("stamp_signer", name=name), words("stamp_time", at=when.strftime("%d/%m/%Y %H:%M:%S %z"))]
    font = ImageFont.truetype(str(files.regular), int(10 * scale))
    y = int(8 * scale)
    for line in lines:
        d.text((int(8 * scale), y), line, font=font, fill=blue)
        y += int(14 * scale)
    return stamp.StaticStampStyle(border_width=0, background=images.PdfImage(img), background_opacity=1.0)


def sign_pdf(data: bytes, req: SignRequest, *, box: tuple[int, float, float, float, float] | None = None,
             lang: str = "vi") -> bytes:
    """``data`` signed (an incremental update; the signed bytes are unchanged). ``box``: the page and
    rectangle of the visible signature (required when ``req.visible``)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from secassess import clock

    session = None
    if req.pkcs11 is not None:
        from pkcs11.exceptions import PKCS11Error
        from pyhanko.sign import pkcs11
        from pyhanko.sign.general import SigningError

        session = _pkcs11_session(req.pkcs11, req.secret)
        k = req.pkcs11
        try:
            signer: Any = pkcs11.PKCS11Signer(session, key_label=k.key_label, cert_label=k.cert_label or k.key_label)
            signer.signing_cert  # noqa: B018 - fetched now: a missing key or certificate is the user's error
        except (PKCS11Error, SigningError) as exc:
            session.close()
            raise InputError(msg("reporting.sign.key_certificate_not_found_token", k=k.key_label, e=exc),
                             str(k.module)) from None
    else:
        signer = _signer_from_p12(req)
    try:
        name = signer.signing_cert.subject.native.get("common_name", "")
        meta = signers.PdfSignatureMetadata(field_name="ChuKySo", md_algorithm="sha256", reason=req.reason or None,
                                            location=req.location or None, name=name or None,
                                            subfilter=fields.SigSeedSubFilter.PADES)
        spec = None
        style = None
        if req.visible and box is not None:
            page, x1, y1, x2, y2 = box
            spec = fields.SigFieldSpec("ChuKySo", on_page=page - 1, box=(int(x1), int(y1), int(x2), int(y2)))
            style = _stamp(name, clock.local(clock.now()), x2 - x1, y2 - y1, lang)
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        out = signers.PdfSigner(meta, signer, stamp_style=style, new_field_spec=spec).sign_pdf(writer)
        signed: bytes = out.getvalue()
        return signed
    finally:
        if session is not None:
            session.close()
