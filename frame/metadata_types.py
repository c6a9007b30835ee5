"""The framework's types as scale-info describes them: the paths the clients special-case (reference §4), the
hand-built layouts (DispatchInfo, MultiAddress, MultiSignature, Era) and the extrinsic with its signed extensions.

`known_types(registry, event_ty)` puts Substrate's paths on our framework codecs in one registry;
`extrinsic_types(registry, call_ty)` adds ``UncheckedExtrinsic<Address, Call, Signature, Extra>`` and returns
it with the signed extensions (identifier, extra type, additional-signed type) in the runtime's order
(`Runtime.signed_extensions`; by default the standard Polkadot list).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from frame import account, block, dispatch, system
from frame.type_registry import Field, PortableRegistry, Variant
from primitives.multiaddress import MultiAddress
from primitives.types import H256, H512, Bytes32, codec_of

__all__ = ["SIGNED_EXTENSIONS", "Extension", "extrinsic_types", "known_types"]

Extension = tuple[str, int, int]

#: The standard Polkadot list, in the order py-substrate-interface assembles the payload (reference §5).
SIGNED_EXTENSIONS = (
    "CheckNonZeroSender", "CheckSpecVersion", "CheckTxVersion", "CheckGenesis", "CheckMortality", "CheckNonce",
    "CheckWeight", "ChargeTransactionPayment",
)  # fmt: skip


def _unnamed(ty: int, type_name: str) -> list[Field]:
    return [(None, ty, type_name, [])]


def known_types(reg: PortableRegistry, event_ty: int) -> None:
    """Substrate's paths (and params) for the framework's codecs; DispatchInfo with FRAME's field names."""
    h256 = codec_of(H256)
    reg.set_path(h256, ["primitive_types", "H256"])
    reg.set_path(codec_of(H512), ["primitive_types", "H512"])
    reg.set_path(codec_of(Bytes32), ["sp_core", "crypto", "AccountId32"])
    reg.set_path(codec_of(system.AccountInfo), ["frame_system", "AccountInfo"])
    reg.set_path(codec_of(account.AccountData), ["pallet_balances", "types", "AccountData"])
    reg.fix(MultiAddress.SCALE, lambda: _multi_address(reg))
    reg.set_path(system.Phase.SCALE, ["frame_system", "Phase"])
    reg.set_path(codec_of(system.Weight), ["sp_weights", "weight_v2", "Weight"])
    reg.set_path(system.EVENT_RECORD, ["frame_system", "EventRecord"], [("E", event_ty), ("T", reg.of(h256))])
    reg.set_path(dispatch.DispatchError.SCALE, ["sp_runtime", "DispatchError"])
    reg.set_path(codec_of(dispatch.ModuleErrorInfo), ["sp_runtime", "ModuleError"])
    reg.set_path(dispatch.Origin.SCALE, ["frame_support", "dispatch", "RawOrigin"])
    reg.set_path(codec_of(block.Digest), ["sp_runtime", "generic", "digest", "Digest"])
    reg.set_path(block.DigestItem.SCALE, ["sp_runtime", "generic", "digest", "DigestItem"])
    reg.set_path(codec_of(block.Header), ["sp_runtime", "generic", "header", "Header"])

    def dispatch_info() -> int:
        ty, new = reg.reserve("DispatchInfo")
        if not new:
            return ty
        weight = reg.of(codec_of(system.Weight))
        cls = reg.add("DispatchClass", ("variant", [(n, [], i, []) for i, n in enumerate(
            ("Normal", "Operational", "Mandatory"))]), ["frame_support", "dispatch", "DispatchClass"])  # fmt: skip
        pays = reg.add("Pays", ("variant", [("Yes", [], 0, []), ("No", [], 1, [])]),
                       ["frame_support", "dispatch", "Pays"])  # fmt: skip
        fields: list[Field] = [("weight", weight, "Weight", []), ("class", cls, "DispatchClass", []),
                               ("pays_fee", pays, "Pays", [])]  # fmt: skip
        return reg.define(ty, ("composite", fields), ["frame_support", "dispatch", "DispatchInfo"])

    reg.fix(codec_of(system.DispatchInfo), dispatch_info)


def _multi_address(reg: PortableRegistry) -> int:
    """sp_runtime's MultiAddress<AccountId32, u32> (calls' `dest`, `who` and the extrinsic's Address)."""
    u8, u32 = reg.primitive("u8"), reg.primitive("u32")
    account = reg.of(codec_of(Bytes32))
    bytes_ty = reg.add(("sequence", u8), ("sequence", u8))
    compact32 = reg.add(("compact", "u32"), ("compact", u32))
    arr20 = reg.add(("array", 20, u8), ("array", 20, u8))
    arr32 = reg.add(("array", 32, u8), ("array", 32, u8))
    return reg.add("MultiAddress", ("variant", [
        ("Id", _unnamed(account, "AccountId"), 0, []), ("Index", _unnamed(compact32, "AccountIndex"), 1, []),
        ("Raw", _unnamed(bytes_ty, "Vec<u8>"), 2, []), ("Address32", _unnamed(arr32, "[u8; 32]"), 3, []),
        ("Address20", _unnamed(arr20, "[u8; 20]"), 4, []),
    ]), ["sp_runtime", "multiaddress", "MultiAddress"], [("AccountId", account), ("AccountIndex", u32)])  # fmt: skip


def _era(reg: PortableRegistry) -> int:
    u8 = reg.primitive("u8")
    variants: list[Variant] = [("Immortal", [], 0, [])] + [
        (f"Mortal{i}", _unnamed(u8, "u8"), i, []) for i in range(1, 256)
    ]
    return reg.add("Era", ("variant", variants), ["sp_runtime", "generic", "era", "Era"])


def _extension(reg: PortableRegistry, name: str, path: list[str], fields: list[Field]) -> int:
    return reg.add(("extension", name), ("composite", fields), path)


def extrinsic_types(reg: PortableRegistry, call_ty: int,
                    extensions: Sequence[Any] | None = None) -> tuple[int, int, int, int, list[Extension]]:  # fmt: skip
    """(extrinsic, address, signature, extra) type ids and the signed extensions: `extensions` (a runtime's
    `frame.extensions.SignedExtension`s; default the standard list). One outside the standard eight is described
    by its `extra_codec`, with an empty additional-signed type."""
    u8, u32 = reg.primitive("u8"), reg.primitive("u32")
    reg.of(codec_of(Bytes32))  # type ids in the order they always had
    h256 = reg.of(codec_of(H256))
    unit = reg.add(("tuple", ()), ("tuple", []))
    bytes_ty = reg.add(("sequence", u8), ("sequence", u8))
    compact32 = reg.add(("compact", "u32"), ("compact", u32))
    compact128 = reg.add(("compact", "u128"), ("compact", reg.primitive("u128")))
    address = _multi_address(reg)
    sigs: list[Variant] = []
    for index, (scheme, size) in enumerate((("ed25519", 64), ("sr25519", 64), ("ecdsa", 65))):
        arr = reg.add(("array", size, u8), ("array", size, u8))
        sig = reg.add(("signature", scheme), ("composite", _unnamed(arr, f"[u8; {size}]")),
                      ["sp_core", scheme, "Signature"])  # fmt: skip
        sigs.append((scheme.capitalize(), _unnamed(sig, f"{scheme}::Signature"), index, []))
    signature = reg.add("MultiSignature", ("variant", sigs), ["sp_runtime", "MultiSignature"])
    fs = ["frame_system", "extensions"]
    era = _era(reg)
    parts = {  # identifier: (path, fields of the extra, additional-signed type)
        "CheckNonZeroSender": ([*fs, "check_non_zero_sender", "CheckNonZeroSender"], [], unit),
        "CheckSpecVersion": ([*fs, "check_spec_version", "CheckSpecVersion"], [], u32),
        "CheckTxVersion": ([*fs, "check_tx_version", "CheckTxVersion"], [], u32),
        "CheckGenesis": ([*fs, "check_genesis", "CheckGenesis"], [], h256),
        "CheckMortality": ([*fs, "check_mortality", "CheckMortality"], _unnamed(era, "Era"), h256),
        "CheckNonce": ([*fs, "check_nonce", "CheckNonce"], _unnamed(compact32, "T::Nonce"), unit),
        "CheckWeight": ([*fs, "check_weight", "CheckWeight"], [], unit),
        "ChargeTransactionPayment": (["pallet_transaction_payment", "ChargeTransactionPayment"],
                                     _unnamed(compact128, "BalanceOf<T>"), unit),
    }  # fmt: skip
    for e in extensions or ():
        if e.identifier not in parts:
            codec = getattr(e, "extra_codec", None)
            fields = [] if codec is None else _unnamed(reg.of(codec), codec.name)
            parts[e.identifier] = (["parahost", "extensions", e.identifier], fields, unit)
    names = SIGNED_EXTENSIONS if extensions is None else [e.identifier for e in extensions]
    listed = [(name, _extension(reg, name, parts[name][0], parts[name][1]), parts[name][2])
              for name in names]  # fmt: skip
    extra = reg.add(("tuple", tuple(e[1] for e in listed)), ("tuple", [e[1] for e in listed]))
    params: list[tuple[str, int | None]] = [("Address", address), ("Call", call_ty), ("Signature", signature),
                                            ("Extra", extra)]  # fmt: skip
    extrinsic = reg.add("UncheckedExtrinsic", ("composite", _unnamed(bytes_ty, "Vec<u8>")),
                        ["sp_runtime", "generic", "unchecked_extrinsic", "UncheckedExtrinsic"], params)  # fmt: skip
    return extrinsic, address, signature, extra, listed
