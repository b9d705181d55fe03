"""Digital signatures (ký số) on PDF reports: the tests make their own CA and signer certificate,
sign through the CLI (the secret from the environment, never the command line), validate with
pyHanko, and show that changing one byte breaks the signature; a key on a SoftHSM2 token signs the
same way through PKCS#11."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from tests.conftest import run
from tests.reporting.conftest import pdf_text

SOFTHSM_LIB = Path("/usr/lib/softhsm/libsofthsm2.so")


@dataclass
class Pki:
    ca: x509.Certificate
    cert: x509.Certificate
    key: rsa.RSAPrivateKey
    p12: Path
    password: str


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Công an tỉnh Sông Lam"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    now = dt.datetime.now(dt.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (x509.CertificateBuilder().subject_name(_name("CA thử nghiệm")).issuer_name(_name("CA thử nghiệm"))
          .public_key(ca_key.public_key()).serial_number(1).not_valid_before(now - dt.timedelta(days=1))
          .not_valid_after(now + dt.timedelta(days=365))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (x509.CertificateBuilder().subject_name(_name("Lê Quang Vĩnh")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(2).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    password = "mật-khẩu-thử"
    p12 = tmp_path_factory.mktemp("pki") / "nguoi-ky.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"nguoi-ky", key, cert, [ca], serialization.BestAvailableEncryption(password.encode())))
    return Pki(ca, cert, key, p12, password)


def validate(data: bytes, ca: x509.Certificate) -> tuple[bool, bool, bool]:
    """(intact, valid, trusted) of the one signature of ``data``, as pyHanko sees it: the signed bytes
    are unchanged, the signature is mathematically right, the certificate chains to ``ca``."""
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(data))
    (sig,) = reader.embedded_signatures
    root = asn1_x509.Certificate.load(ca.public_bytes(serialization.Encoding.DER))
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=[root]))
    return status.intact, status.valid, status.trusted


@pytest.fixture
def assessment(workspace: Path, tmp_path: Path) -> tuple[Path, int]:
    inv = tmp_path / "inv.yaml"
    inv.write_text("units:\n  - {id: STP, name: Sở Tư pháp}\nsystems:\n  - {id: STP-QLVB, name: Quản lý văn bản, "
                   "unit: STP, level: 1}\n", encoding="utf-8")
    assert run("-w", str(workspace), "system", "import", str(inv)).exit_code == 0
    for key, value in (("issuing_body", "Công an tỉnh Sông Lam"), ("signer.name", "Lê Quang Vĩnh"),
                       ("place", "Sông Lam")):
        assert run("-w", str(workspace), "config", "set", key, value).exit_code == 0
    r = run("-w", str(workspace), "assess", "start", "STP-QLVB")
    return workspace, int(r.output.splitlines()[-1])


def test_a_signed_pdf_validates_and_one_changed_byte_breaks_it(pki: Pki, assessment: tuple[Path, int],
                                                               tmp_path: Path) -> None:
    ws, aid = assessment
    out = tmp_path / "ky-so.pdf"
    r = run("-w", str(ws), "report", "system", str(aid), "-o", str(out), "--sign", str(pki.p12),
            env={"SECASSESS_SIGN_PASSWORD": pki.password})
    assert r.exit_code == 0, r.output
    assert "đã ký số" in r.output
    data = out.read_bytes()
    assert validate(data, pki.ca) == (True, True, True)
    assert "Quản lý văn bản" in pdf_text(out)  # still the report
    at = data.index(b"/CreationDate (D:") + len(b"/CreationDate (D:")  # a byte the signature covers
    tampered = data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]
    intact, _valid, _trusted = validate(tampered, pki.ca)
    assert not intact  # the digest of the signed bytes no longer matches


def test_a_visible_signature_sits_in_the_signature_block(pki: Pki, assessment: tuple[Path, int],
                                                         tmp_path: Path) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    ws, aid = assessment
    out = tmp_path / "hien.pdf"
    r = run("-w", str(ws), "report", "system", str(aid), "-o", str(out), "--sign", str(pki.p12), "--sign-visible",
            env={"SECASSESS_SIGN_PASSWORD": pki.password})
    assert r.exit_code == 0, r.output
    reader = PdfFileReader(io.BytesIO(out.read_bytes()))
    (sig,) = reader.embedded_signatures
    rect = [float(x) for x in sig.sig_field["/Rect"]]
    # where the renderer left the blank for the signature, between the signer's title and name
    from secassess.reporting.pdf import PdfRenderer
    from secassess.reporting.service import build_system_report
    from secassess.workspace import Workspace

    opened = Workspace.open(ws)
    try:
        report = build_system_report(opened, aid, "vi")
    finally:
        opened.close()
    page, x1, y1, x2, y2 = PdfRenderer().render_pdf(report).signature_box  # type: ignore[misc]
    assert rect == pytest.approx([int(x1), int(y1), int(x2), int(y2)], abs=1)
    kids = reader.root["/Pages"]["/Kids"]
    on_page = sig.sig_field["/P"]
    assert on_page == kids[page - 1].get_object()  # on the page of the signature block
    text = pdf_text(out, first=page, last=page)
    assert "Lê Quang Vĩnh" in text and "Nơi nhận:" in text
    assert rect[2] - rect[0] > 100 and rect[3] - rect[1] > 50  # a box, not a point
    assert validate(out.read_bytes(), pki.ca)[:2] == (True, True)


@pytest.mark.parametrize(("extra", "env", "message"), [
    (("--format", "docx"), {"SECASSESS_SIGN_PASSWORD": "x"}, "chỉ ký số được tệp PDF"),
    ((), {"SECASSESS_SIGN_PASSWORD": "sai mật khẩu"}, "sai mật khẩu hoặc tệp hỏng"),
    ((), {}, "SECASSESS_SIGN_PASSWORD"),  # no terminal to ask in: say how to give it
])
def test_signing_refusals_exit_2_and_write_nothing(pki: Pki, assessment: tuple[Path, int], tmp_path: Path,
                                                   extra: tuple[str, ...], env: dict[str, str], message: str) -> None:
    ws, aid = assessment
    out = tmp_path / "out"
    out.mkdir()
    target = out / ("r.docx" if "docx" in extra else "r.pdf")
    r = run("-w", str(ws), "report", "system", str(aid), "-o", str(target), "--sign", str(pki.p12), *extra, env=env)
    assert r.exit_code == 2, r.output
    assert message in r.output and "Traceback" not in r.output
    assert list(out.iterdir()) == []


def test_a_password_is_never_taken_from_the_command_line() -> None:
    r = run("report", "system", "--help")
    assert "--password" not in r.output and "--pin" not in r.output
    assert "SECASSESS_SIGN_PASSWORD" in r.output


@pytest.mark.skipif(not SOFTHSM_LIB.is_file() or shutil.which("softhsm2-util") is None,
                    reason="needs SoftHSM2 (Debian softhsm2)")
def test_a_key_on_a_pkcs11_token_signs(pki: Pki, assessment: tuple[Path, int], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    tokens = tmp_path / "tokens"
    tokens.mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n", encoding="utf-8")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "secassess", "--pin", "1234",
                    "--so-pin", "5678"], check=True, capture_output=True)
    key_file = tmp_path / "key.pem"
    key_file.write_bytes(pki.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    subprocess.run(["softhsm2-util", "--import", str(key_file), "--token", "secassess", "--label", "nguoi-ky",
                    "--id", "01", "--pin", "1234"], check=True, capture_output=True)
    key_file.unlink()
    lib = pkcs11.lib(str(SOFTHSM_LIB))
    with lib.get_token(token_label="secassess").open(user_pin="1234", rw=True) as session:
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True, Attribute.LABEL: "nguoi-ky", Attribute.ID: b"\x01",
            Attribute.SUBJECT: pki.cert.subject.public_bytes(),
            Attribute.VALUE: pki.cert.public_bytes(serialization.Encoding.DER)})
    ws, aid = assessment
    out = tmp_path / "token.pdf"
    r = run("-w", str(ws), "report", "system", str(aid), "-o", str(out), "--sign-pkcs11", str(SOFTHSM_LIB),
            "--token-label", "secassess", "--key-label", "nguoi-ky",
            env={"SECASSESS_PKCS11_PIN": "1234", "SOFTHSM2_CONF": str(conf)})
    assert r.exit_code == 0, r.output
    assert validate(out.read_bytes(), pki.ca) == (True, True, True)
    r = run("-w", str(ws), "report", "system", str(aid), "-o", str(tmp_path / "bad.pdf"), "--sign-pkcs11",
            str(SOFTHSM_LIB), "--token-label", "secassess", "--key-label", "nguoi-ky",
            env={"SECASSESS_PKCS11_PIN": "0000", "SOFTHSM2_CONF": str(conf)})
    assert r.exit_code == 2 and "thiết bị ký số" in r.output and not (tmp_path / "bad.pdf").exists()
    r = run("-w", str(ws), "report", "system", str(aid), "-o", str(tmp_path / "bad.pdf"), "--sign-pkcs11",
            str(SOFTHSM_LIB), "--token-label", "secassess", "--key-label", "khong-co",
            env={"SECASSESS_PKCS11_PIN": "1234", "SOFTHSM2_CONF": str(conf)})
    assert r.exit_code == 2 and "“khong-co”" in r.output and "Traceback" not in r.output, r.output
