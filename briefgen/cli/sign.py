"""The digital signature commands: ``sign`` (a PAdES signature on a briefgen PDF, placed on
the document's own signature block) and ``verify`` (every signature of a PDF checked)."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from briefgen.cli.console import ExitCode, add_command, at_least, err, new_table, out

if TYPE_CHECKING:  # the library is imported by the commands, not by --help
    from briefgen.documents import Job
    from briefgen.signing.verify import SignatureReport

FilesArg = Annotated[list[Path], typer.Argument(help="The PDF files.", show_default=False)]
SignOpt = Annotated[list[str] | None, typer.Option(
    "--sign", metavar="ROLE=KEY.p12[:VAR]", help="Sign every PDF with a signature block as it "
    "is rendered: ROLE signer (with documents.<doc>.signer.signature_image) or issuer (with "
    "its seal_image); VAR: the environment variable holding the key's passphrase. Repeat for "
    "both roles, the signer first.", show_default=False)]
SigningTimeOpt = Annotated[str | None, typer.Option(
    "--signing-time", metavar="ISO", help="The signing time written in the signature, for "
    "reproducible output, e.g. 2025-05-22T10:30:00+07:00 (default: now); the same time, files "
    "and key give the same bytes. The certificate must be valid then and now.",
    show_default=False)]


def render_signing(values: list[str] | None, when: str | None
                   ) -> tuple[Callable[["Job", bytes], bytes] | None, str]:
    """What ``--sign`` asks of a render or batch: the function signing each rendered PDF and
    the signing's identity for batch fingerprints (None and '' without --sign). The keys are
    opened and checked here, before anything is rendered."""
    if not values:
        return None, ""
    from briefgen.signing.on_render import finisher, identity, load_signers
    from briefgen.signing.sign import signing_time

    try:
        moment = signing_time(when)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--signing-time") from None
    try:
        signs = load_signers(values, moment)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--sign") from None
    return finisher(signs, moment), identity(signs)


def register(app: typer.Typer) -> None:
    for command in (sign, verify):
        add_command(app, command)


def sign(
    files: FilesArg,
    key: Annotated[Path, typer.Option(
        "--key", help="The signing key and certificate: a PKCS#12 file (.p12 or .pfx).",
        show_default=False)],
    role: Annotated[str, typer.Option(
        "--role", help="signer: the signature of the person with authority (người có thẩm "
        "quyền), on the signing space; issuer: the body's signature with its seal (cơ quan, tổ "
        "chức), over the left third of it.", show_default=False)],
    passphrase_env: Annotated[str | None, typer.Option(
        "--passphrase-env", metavar="VAR", help="The environment variable holding the key's "
        "passphrase (never given on the command line).", show_default=False)] = None,
    out_dir: Annotated[Path | None, typer.Option(
        "--out", help="Write the signed files into this folder (default: sign in place).",
        show_default=False)] = None,
    block: Annotated[int | None, typer.Option(
        "--block", metavar="N", callback=at_least(1),
        help="Which signature block (1-based, in the document's order; default: the last).",
        show_default=False)] = None,
    field: Annotated[str | None, typer.Option(
        "--field", metavar="PAGE/X1,Y1,X2,Y2", help="Put the signature here instead (PAGE "
        "1-based; points from the page's bottom left): for PDFs briefgen did not make.",
        show_default=False)] = None,
    image: Annotated[Path | None, typer.Option(
        "--image", help="A PNG with a transparent background: the signature (signer) or the "
        "seal (issuer).", show_default=False)] = None,
    when: SigningTimeOpt = None,
    timestamp_url: Annotated[str | None, typer.Option(
        "--timestamp-url", metavar="URL", help="A timestamp authority (RFC 3161) to add a "
        "trusted time (PAdES B-T).", show_default=False)] = None,
) -> None:
    """Sign PDFs digitally (PAdES), in place (each file replaced whole, never half-written)
    or into --out. The signature shows on the document's signature block: the signer's image,
    name, position and time, or the body's seal, name and time (Nghị định 30/2020/NĐ-CP,
    Phụ lục I). A signature made before stays valid."""
    from briefgen.signing.appearance import ROLES
    from briefgen.signing.keys import load_key
    from briefgen.signing.sign import Request, sign_files, signing_time

    if role not in ROLES:
        raise typer.BadParameter(f"unknown role {role!r}; choose signer or issuer",
                                 param_hint="--role")
    if block is not None and field is not None:
        raise typer.BadParameter("give --block or --field, not both", param_hint="--field")
    try:
        moment = signing_time(when)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--signing-time") from None
    loaded = load_key(key, passphrase_env)
    request = Request(loaded, role, moment, block=block, field=field, image=image,  # type: ignore[arg-type]
                      timestamp_url=timestamp_url)
    done = sign_files(files, request, out_dir)
    table = new_table(title=f"Signed by {loaded.name} as {role}")
    for column in ("file", "page", "field", "place", "signing time"):
        table.add_column(column, overflow="fold")
    for s in done:
        x1, y1, x2, y2 = s.placement.rect
        number = s.placement.number
        place = f"block {number}" if number is not None else "--field"
        table.add_row(str(s.target), str(s.placement.page + 1), s.field_name,
                      f"{place}: {x1:.1f},{y1:.1f},{x2:.1f},{y2:.1f}",
                      moment.isoformat(timespec="seconds"))
    out.print(table)


def verify(
    files: FilesArg,
    trust: Annotated[list[Path] | None, typer.Option(
        "--trust", metavar="CA.pem", help="A trusted root certificate (PEM or DER); repeat for "
        "more. Without it the certificate chains are not checked.", show_default=False)] = None,
) -> None:
    """Check every signature of PDFs: who signed, in which role, when, whether the signed
    bytes are intact, what changed after each, and the certificate chain against --trust.
    Exit 0 only when every file has signatures and all of them hold, their signers verified
    against --trust; 4 when a signature does not hold (or a file has none); 5 when every
    signature is intact but, without --trust, its signer is unverified."""
    from briefgen.signing.verify import load_trust, verify_file

    roots = load_trust(trust) if trust else None
    reports = [verify_file(f, roots) for f in files]
    for r in reports:
        if not r.signatures:
            continue
        table = new_table(title=f"Signatures of {r.file}")
        for column in ("#", "signer", "role", "signed at", "bytes", "covers", "chain", "holds"):
            table.add_column(column, overflow="fold")
        for s in r.signatures:
            table.add_row(str(s.number), s.signer, s.role,
                          s.signed_at.isoformat(sep=" ", timespec="seconds") if s.signed_at
                          else "?", "intact" if s.intact else "ALTERED", s.coverage, s.chain,
                          ("yes" if s.chain_ok else "unverified") if s.holds else "NO")
        out.print(table)
    for r in reports:
        if not r.signatures:
            err.print(f"{r.file}: has no signature", markup=False)
        for s in r.signatures:
            if not s.holds:
                err.print(f"{r.file}: signature {s.number} ({s.field}, {s.role}, by {s.signer}) "
                          f"does not hold: {_why(s)}", markup=False)
    if not all(r.holds for r in reports):
        raise typer.Exit(ExitCode.not_verified)
    n = sum(len(r.signatures) for r in reports)
    counted = (f"{n} signature{'s' if n != 1 else ''} in {len(reports)} file"
               f"{'s' if len(reports) != 1 else ''}")
    if roots is None:  # intact says nothing of who signed: anyone can make a certificate
        err.print(f"{counted}: intact, but the signers are unverified: without --trust no "
                  "certificate chain was checked, and a certificate in anyone's name can be "
                  "made by anyone; give --trust CA.pem (the signers' root certificate) to "
                  "verify them", markup=False)
        raise typer.Exit(ExitCode.unverified)
    out.print(f"{counted}: all hold", markup=False)


def _why(s: "SignatureReport") -> str:
    """Why a signature does not hold, in words."""
    reasons = []
    if s.problem:
        reasons.append(f"cannot be evaluated ({s.problem})")
    elif not s.intact:
        reasons.append("the signed bytes were changed after signing, or the signature does "
                       "not match them")
    if not s.problem and not s.changes_ok:
        reasons.append(f"changes not allowed after it ({s.coverage})")
    if s.chain_ok is False and not s.problem:
        reasons.append("its certificate chain does not reach a --trust root, or a certificate "
                       "on it is not valid now")
    return "; ".join(reasons) or "?"
