"""``parahost pvf``: build the test parachains' code, check code, and validate a candidate with it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from node.pvf.limits import DEFAULT_FUEL, DEFAULT_MAX_CODE_SIZE, DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT, Limits
from node.pvf.outcome import REASON_DOCS, PvfError, Rejected, Valid
from parachains.hostile import HOSTILE
from primitives.hashing import blake2_256
from primitives.parachain import BlockData, HeadData, ValidationParams

# wasmtime is imported only by the subcommands that need it, so `parahost --help` stays fast.

#: Exit status when the code or the candidate is bad (0: fine, 1: an error, 2: bad arguments).
EXIT_INVALID = 3
DEFAULT_MAX_HEAD_DATA_SIZE = 32 * 1024
_RAW = argparse.RawDescriptionHelpFormatter


def _hex(text: str) -> bytes:
    digits = text[2:] if text.lower().startswith("0x") else text
    try:
        return bytes.fromhex(digits)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not hex bytes: {text!r}") from None


def _count(text: str) -> int:
    try:
        value = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value < 1 << 32:
        raise argparse.ArgumentTypeError(f"{value} is not a u32")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 < value < 1 << 64:
        raise argparse.ArgumentTypeError(f"must be positive and fit in a u64, not {text}")
    return value


#: the longest --timeout (a day): select() and the workers need a finite, representable wait
MAX_TIMEOUT = 86_400.0


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value <= MAX_TIMEOUT:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most {MAX_TIMEOUT:g} seconds, not {text}")
    return value


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise PvfError(f"cannot read {path}: {e.strerror or e}") from None


#: What `pvf build` can build: the adder, the upgrader, and ``hostile-<name>`` for each hostile parachain.
BUILD_NAMES = ("adder", "upgrader", *(f"hostile-{name}" for name in HOSTILE))


def wasm_of(name: str) -> bytes:
    from parachains import adder, upgrader

    if name == "adder":
        return adder.wasm()
    if name == "upgrader":
        return upgrader.wasm()
    return HOSTILE[name.removeprefix("hostile-")].wasm()


# ---------------------------------------------------------------------------------------------
# build


def _build(args: argparse.Namespace) -> int:
    code = wasm_of(args.name)
    if args.output == "-":
        sys.stdout.buffer.write(code)
        return 0
    try:
        Path(args.output).write_bytes(code)
    except OSError as e:
        raise PvfError(f"cannot write {args.output}: {e.strerror or e}") from None
    print(f"{args.name}: {len(code)} bytes, blake2_256 0x{blake2_256(code).hex()} -> {args.output}")
    return 0


# ---------------------------------------------------------------------------------------------
# check


def _check(args: argparse.Namespace) -> int:
    from node.pvf.prepare import check_interface, compile_code, describe

    code = _read(args.code)
    limits = Limits(max_code_size=args.max_code_size)
    imports: list[str] | None = None
    exports: list[str] | None = None
    problem: Rejected | None = None
    compiled = 0
    try:
        module = compile_code(code, limits)
        info = describe(module, code)
        imports, exports = list(info.imports), list(info.exports)
        check_interface(module)
        compiled = len(module.serialize())
    except Rejected as r:
        problem = r
    if args.json:
        print(
            json.dumps(
                {
                    "ok": problem is None,
                    "code_hash": "0x" + blake2_256(code).hex(),
                    "size": len(code),
                    "imports": imports,
                    "exports": exports,
                    "problem": None
                    if problem is None
                    else {"reason": problem.outcome.reason.value, "detail": problem.outcome.detail},
                },
                indent=2,
            )
        )
    else:
        print(f"code     {args.code}: {len(code)} bytes, blake2_256 0x{blake2_256(code).hex()}")
        for title, items in (("imports", imports), ("exports", exports)):
            lines = items if items is not None else ["(not read: the code did not compile)"]
            for i, line in enumerate(lines or ["(none)"]):
                print(f"{title if i == 0 else '':<8} {line}")
        if problem is None:
            print(f"ok       a validation function (compiled artifact {compiled} bytes)")
        else:
            print(f"problem  {problem.outcome}")
    return 0 if problem is None else EXIT_INVALID


# ---------------------------------------------------------------------------------------------
# validate


def _validate(args: argparse.Namespace) -> int:
    from node.pvf.host import PvfHost

    code = _read(args.code)
    limits = Limits(
        fuel=None if args.no_fuel else args.fuel,
        timeout=args.timeout,
        max_memory=args.max_memory,
    )
    params = ValidationParams(
        BlockData(args.block_data),
        HeadData(args.parent_head),
        args.max_code_size,
        args.max_head_data_size,
        args.relay_height,
        args.code_upgrade_allowed,
    )
    with PvfHost(limits, workers=1, cache_dir=args.cache_dir) as host:
        outcome = host.validate(code, params)
    if isinstance(outcome, Valid):
        r = outcome.result
        new_code = None if r.new_validation_code is None else "0x" + bytes(r.new_validation_code).hex()
        if args.json:
            print(
                json.dumps(
                    {
                        "valid": True,
                        "head_data": "0x" + bytes(r.head_data).hex(),
                        "new_validation_code": new_code,
                        "reason": None,
                        "detail": None,
                    }
                )
            )
        else:
            print("valid")
            print(f"  head_data                    0x{bytes(r.head_data).hex()}")
            size = "" if r.new_validation_code is None else f" ({len(r.new_validation_code)} bytes)"
            print(f"  new_validation_code          {new_code or 'none'}{size}")
            print(f"  upward_messages              {len(r.upward_messages)}")
            print(f"  processed_downward_messages  {r.processed_downward_messages}")
            if outcome.fuel_used is not None:
                print(f"  fuel used                    {outcome.fuel_used}")
        return 0
    if args.json:
        print(
            json.dumps(
                {
                    "valid": False,
                    "head_data": None,
                    "new_validation_code": None,
                    "reason": outcome.reason.value,
                    "detail": outcome.detail,
                }
            )
        )
    else:
        print(f"invalid  {outcome}")
    return EXIT_INVALID


# ---------------------------------------------------------------------------------------------
# the parser


def register(subparsers: Any) -> None:
    """Add ``pvf`` (with ``build``, ``check`` and ``validate``) to the ``parahost`` parser's subcommands."""
    pvf = subparsers.add_parser(
        "pvf",
        help="build, check or run a parachain validation function (Wasm)",
        description="Parachain validation functions: Wasm modules exporting memory, __heap_base and "
        "validate_block(i32, i32) -> i64, run under wasmtime in worker processes.",
        epilog="examples:\n  parahost pvf build adder -o adder.wasm\n  parahost pvf check adder.wasm\n"
        "  parahost pvf validate adder.wasm --parent-head 0x... --block-data 0x... --json",
        formatter_class=_RAW,
    )
    sub = pvf.add_subparsers(dest="pvf_command", required=True)

    build = sub.add_parser(
        "build",
        help="write a test parachain's validation code to a file",
        description="Build the Wasm of a test parachain from its WebAssembly text: the adder, the upgrader, "
        "or one of the hostile parachains (each gets one named outcome from `pvf validate`).",
        epilog="examples:\n  parahost pvf build adder -o adder.wasm\n"
        "  parahost pvf build hostile-loop -o loop.wasm && parahost pvf validate loop.wasm "
        "--parent-head 00 --block-data 00",
        formatter_class=_RAW,
    )
    build.add_argument("name", choices=BUILD_NAMES, help="which parachain")
    build.add_argument("-o", "--output", required=True, metavar="FILE", help="where to write the Wasm (- for stdout)")
    build.set_defaults(func=_build)

    check = sub.add_parser(
        "check",
        help="prepare code: print its imports, exports and any problem",
        description="Check that CODE is a validation function: Wasm that wasmtime compiles, importing only "
        "the host functions (env.ext_hashing_*, env.ext_logging_log_version_1, env.ext_allocator_*) and "
        "exporting memory, __heap_base and validate_block. Exits 3 if there is a problem.",
        epilog="examples:\n  parahost pvf check adder.wasm\n  parahost pvf check adder.wasm --json",
        formatter_class=_RAW,
    )
    check.add_argument("code", metavar="CODE.wasm", help="the validation code")
    check.add_argument(
        "--max-code-size",
        type=_positive,
        default=DEFAULT_MAX_CODE_SIZE,
        metavar="BYTES",
        help=f"the largest code accepted (default {DEFAULT_MAX_CODE_SIZE})",
    )
    check.add_argument("--json", action="store_true", help="print JSON")
    check.set_defaults(func=_check)

    reasons = "\n".join(f"  {reason.value:<17} {doc}" for reason, doc in REASON_DOCS.items())
    validate = sub.add_parser(
        "validate",
        help="run validate_block on a parent head and block data",
        description="Validate a candidate: run CODE's validate_block on ValidationParams built from the "
        "arguments, in a worker process under the limits. Exits 0 if valid, 3 if invalid, 1 on an error.\n\n"
        f"Invalid reasons:\n{reasons}",
        epilog="examples:\n"
        "  parahost pvf build adder -o adder.wasm\n"
        "  parahost pvf validate adder.wasm \\\n"
        "      --parent-head 0x" + "00" * 40 + "011b4d03dd8c01f1049143cf9c4c817e4b167f1d1b83e5c6f0f10d89ba1e7bce \\\n"
        "      --block-data 0x00000000000000000002000000000000 --json\n"
        "  parahost pvf validate loop.wasm --parent-head 00 --block-data 00 --no-fuel --timeout 1",
        formatter_class=_RAW,
    )
    validate.add_argument("code", metavar="CODE.wasm", help="the validation code")
    validate.add_argument("--parent-head", type=_hex, required=True, metavar="HEX", help="the parent's head data")
    validate.add_argument("--block-data", type=_hex, required=True, metavar="HEX", help="the block data (the PoV)")
    validate.add_argument("--relay-height", type=_count, default=0, metavar="N", help="relay_chain_height (0)")
    validate.add_argument(
        "--max-code-size",
        type=_count,
        default=DEFAULT_MAX_CODE_SIZE,
        metavar="BYTES",
        help=f"the params' max_code_size ({DEFAULT_MAX_CODE_SIZE})",
    )
    validate.add_argument(
        "--max-head-data-size",
        type=_count,
        default=DEFAULT_MAX_HEAD_DATA_SIZE,
        metavar="BYTES",
        help=f"the params' max_head_data_size ({DEFAULT_MAX_HEAD_DATA_SIZE})",
    )
    validate.add_argument(
        "--code-upgrade-allowed",
        type=_count,
        default=None,
        metavar="N",
        help="the params' code_upgrade_allowed (default: None, no upgrade allowed)",
    )
    fuel = validate.add_mutually_exclusive_group()
    fuel.add_argument(
        "--fuel", type=_positive, default=DEFAULT_FUEL, metavar="N", help=f"fuel for the call (default {DEFAULT_FUEL})"
    )
    fuel.add_argument("--no-fuel", action="store_true", help="no fuel limit: only the timeout stops a loop")
    validate.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"wall-clock limit for the call (default {DEFAULT_TIMEOUT})",
    )
    validate.add_argument(
        "--max-memory",
        type=_positive,
        default=DEFAULT_MAX_MEMORY,
        metavar="BYTES",
        help=f"linear memory cap (default {DEFAULT_MAX_MEMORY})",
    )
    validate.add_argument(
        "--cache-dir",
        default="default",
        metavar="DIR",
        help="where compiled code is cached (default $PARAHOST_PVF_CACHE or ~/.cache/parahost/pvf)",
    )
    validate.add_argument(
        "--json", action="store_true", help='print {"valid", "head_data", "new_validation_code", "reason", "detail"}'
    )
    validate.set_defaults(func=_validate)
