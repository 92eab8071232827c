"""`invoicing validate` and `invoicing rules`: the validator on the command line.

    invoicing validate FILE|DIR... [--engine native|official] [--format text|json|html|kosit] [--out DIR]
                       [--scenario NAME] [--all-rules] [--policy FILE]
    invoicing rules install DIR|ZIP        # install an official KoSIT configuration (release zip or folder)
    invoicing rules show                   # the compiled rule sets, the installed configuration

Folders are walked (every regular file below them, in name order, hidden ones skipped); only
regular files are read, with the size limit checked while reading, so `/dev/zero` or a FIFO is
refused, not read. `--format json` prints JSON Lines (`file`, `accept`, `kosit_accept`, `scenario`,
`findings` with `rule` and `level`, and the whole report); `html` and `kosit` write one document per
file (to `--out DIR`, or to standard output for a single file); `kosit` is the KoSIT report XML
(`report.xsd`) tools that read KoSIT reports understand. With more than one file, progress and a
summary go to standard error.

Exit codes, as the official validator's CLI: 0 when every file was accepted, otherwise the number
of rejected files (at most 254); 255 for a usage error (a missing file, an engine without a
configuration, an unknown scenario).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

USAGE_ERROR = 255
MAX_REJECTED = 254


def register(commands) -> None:
    validate = commands.add_parser("validate", help="validate invoice files or folders (XSD, EN 16931, XRechnung)")
    validate.add_argument("paths", nargs="+", metavar="FILE|DIR", help="XML (UBL or CII), PDF hybrids, or folders")
    validate.add_argument("--engine", choices=("native", "official"), default="native",
                          help="native: the official rules compiled (default); official: the KoSIT configuration "
                               "run by Saxon (see `invoicing rules install`)")
    validate.add_argument("--format", choices=("text", "json", "html", "kosit"), default="text")
    validate.add_argument("--json", action="store_const", const="json", dest="format", help="same as --format json")
    validate.add_argument("--out", metavar="DIR", help="write one html/kosit file per input into DIR")
    validate.add_argument("--scenario", metavar="NAME", help="check with this scenario of the configuration instead")
    validate.add_argument("--all-rules", action="store_true",
                          help="evaluate the rules on schema-invalid documents too (the official validator does not)")
    validate.add_argument("--policy", metavar="FILE", help="receiving policy (TOML; default INVOICING_RECEIVING_POLICY)")
    validate.set_defaults(run=_validate)
    # usage errors of this command exit with 255, as the official validator's CLI does (0..254 count rejections)
    validate.error = lambda message: _usage(validate, message)
    rules = commands.add_parser("rules", help="the official rule sets").add_subparsers(dest="rules_command",
                                                                                         required=True)
    install = rules.add_parser("install", help="install an official KoSIT configuration (folder or release zip)")
    install.add_argument("source", metavar="DIR|ZIP")
    install.set_defaults(run=_install)
    rules.add_parser("show", help="the compiled rule sets and the installed KoSIT configuration").set_defaults(
        run=_show)


def _usage(parser: argparse.ArgumentParser, message: str):
    parser.print_usage(sys.stderr)
    print(f"{parser.prog}: error: {message}", file=sys.stderr)
    raise SystemExit(USAGE_ERROR)


def _validate(arguments: argparse.Namespace) -> int:
    from cli import root
    from validators import policy as receiving
    from validators.engine import OfficialEngineUnavailable, validate

    settings = root.settings()
    try:
        files = list(_files(arguments.paths))
        receiving_policy = receiving.load(Path(arguments.policy) if arguments.policy else settings.receiving_policy_file)
        official = _official(settings) if arguments.engine == "official" else None
        if arguments.scenario:
            from validators.scenario import by_name

            by_name(arguments.scenario)
    except (OSError, ValueError, KeyError, OfficialEngineUnavailable) as error:
        print(f"invoicing validate: {_reason(error)}", file=sys.stderr)
        return USAGE_ERROR
    out = Path(arguments.out) if arguments.out else None
    if arguments.format in ("html", "kosit") and len(files) > 1 and out is None:
        print("invoicing validate: --format html/kosit with several files needs --out DIR", file=sys.stderr)
        return USAGE_ERROR
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    rejected, started = 0, time.monotonic()
    progress = len(files) > 1
    for number, path in enumerate(files, 1):
        data = _read(path)
        report = validate(data, engine=arguments.engine, policy=receiving_policy, official=official,
                          scenario=arguments.scenario, rules_on_schema_error=arguments.all_rules) \
            if isinstance(data, bytes) else data
        rejected += not report.accepted
        _emit(arguments.format, path, data if isinstance(data, bytes) else b"", report, out, arguments.engine)
        if progress and (number % 50 == 0 or number == len(files)):
            print(f"\r{number}/{len(files)} files, {rejected} rejected", end="", file=sys.stderr, flush=True)
    if progress:
        elapsed = time.monotonic() - started
        print(f"\r{len(files)} files: {len(files) - rejected} accepted, {rejected} rejected "
              f"({elapsed:.1f} s, engine {arguments.engine})", file=sys.stderr)
    return min(rejected, MAX_REJECTED)


def _files(paths: list[str]):
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if not any(part.startswith(".") for part in p.relative_to(path).parts)
                           and p.is_file())
            yield from found
        elif path.exists() or path.is_symlink():
            yield path
        else:
            raise FileNotFoundError(f"{name}: no such file or folder")


def _read(path: Path):
    """The file's bytes, or a rejected report naming why it could not be read."""
    from invoicing.formats.errors import ReadError
    from invoicing.formats.input_files import read_regular_file
    from validators.report import Finding, ValidationReport

    try:
        return read_regular_file(path)
    except ReadError as error:
        finding = Finding(f"INTAKE-{error.code}", "error", f"{error.message} {error.hint}", "intake")
        return ValidationReport(False, "not recognised", None, None, (finding,), (), kosit_accepted=False)


def _emit(form: str, path: Path, data: bytes, report, out: Path | None, engine: str) -> None:
    if form == "json":
        findings = [{"rule": f.rule_id, "level": f.level, "message": f.message, "line": f.line} for f in report.findings]
        print(json.dumps({"file": str(path), "accept": report.accepted, "kosit_accept": report.kosit_accepted,
                          "scenario": report.scenario, "findings": findings, "report": report.to_dict()},
                         ensure_ascii=False), flush=False)
        return
    if form == "text":
        from validators.render import render_text

        print(render_text(report, str(path)), end="\n\n")
        return
    if form == "html":
        from validators.render import render_html

        content = f"<!doctype html><html lang=\"de\"><meta charset=\"utf-8\"><title>{path.name}</title>" \
                  f"{render_html(report, language='de')}</html>".encode()
        suffix = ".html"
    else:
        from validators.kosit_format import kosit_report_of_submission

        content = kosit_report_of_submission(report, data, path.name, engine=f"einvoice-receiving ({engine} engine)")
        suffix = "-report.xml"
    if out is None:
        sys.stdout.buffer.write(content)
    else:
        (out / f"{path.name}{suffix}").write_bytes(content)


def _official(settings):
    from validators.engine import OfficialEngineUnavailable
    from validators.kosit import Configuration, Runner, current

    folder = settings.kosit_config or current(settings.kosit_root)
    if folder is None:
        raise OfficialEngineUnavailable(
            "no KoSIT configuration installed: run `invoicing rules install DIR|ZIP` with the official release "
            "(validator-configuration-xrechnung) or set INVOICING_KOSIT_CONFIG to its folder")
    return Runner(Configuration.load(folder))


def _install(arguments: argparse.Namespace) -> int:
    from cli import root
    from validators.kosit import ConfigurationError, install

    settings = root.settings()
    try:
        folder = install(Path(arguments.source), settings.kosit_root)
    except (ConfigurationError, OSError, ValueError) as error:
        print(f"invoicing rules install: {_reason(error)}", file=sys.stderr)
        return 1
    print(f"Installed {folder}; `invoicing validate --engine official` runs it.")
    return 0


def _show(arguments: argparse.Namespace) -> int:
    from cli import root
    from validators import rulesets
    from validators.kosit import current
    from validators.scenario import configuration

    settings = root.settings()
    compiled = configuration()
    print(f"Compiled from: {compiled.name} ({compiled.date}); CEN {compiled.cen_version}, "
          f"XRechnung {compiled.xrechnung_version}")
    for name in rulesets.NAMES:
        rule_set = rulesets.load(name)
        print(f"  {name}: {rule_set.title} — {len(rule_set.assertions)} assertions, from {rule_set.source}")
    installed = settings.kosit_config or current(settings.kosit_root)
    print(f"Official engine configuration: {installed or 'none installed (invoicing rules install DIR|ZIP)'}")
    return 0


def _reason(error: Exception) -> str:
    if isinstance(error, KeyError):
        return str(error.args[0])
    if isinstance(error, OSError) and error.strerror:
        return f"{error.filename or ''}: {error.strerror}".strip(": ")
    return str(error)
