"""A runtime's identity: Substrate's `RuntimeVersion`, and the descriptor of it that genesis writes at ``:code``.

`RuntimeVersion` has Substrate's fields and SCALE layout (``sp_version::RuntimeVersion``): spec_name: String,
impl_name: String, authoring_version: u32, spec_version: u32, impl_version: u32, apis: Vec<([u8; 8], u32)>,
transaction_version: u32, state_version: u8 (Substrate's ``system_version``, formerly ``state_version``: 1 =
state trie V1 with extrinsics root V0, which is what this framework computes). An API id is the blake2b-64 of
the API's trait name (`api_id("Core") == df6acb689907609b`). Decoding follows Substrate's rule: the ``Core`` API
version inside ``apis`` says whether transaction_version (Core >= 3, else 1) and state_version (Core >= 4, else 0)
follow; a runtime therefore declares Core at version 4 or more.

Our runtimes are Python, so ``:code`` (key ``0x3a636f6465``) holds no Wasm but this descriptor::

    b"parahost-runtime:" ++ SCALE(RuntimeVersion)

(the 17 ASCII bytes ``7061726168 6f73742d72 756e74696d 653a``, then the full encoding above). Raw chain specs and
databases therefore say which runtime, and which version of it, they belong to. `runtime_identity` reads it
back from a state; `check_runtime_matches` refuses a state that belongs to another runtime (`WrongRuntime`) or to
a newer version of this one (`RuntimeDowngrade`).
"""

from __future__ import annotations

from collections.abc import Iterable
from hashlib import blake2b
from typing import Any, Protocol

import attrs

from primitives import scale
from primitives.errors import CodecError, ParahostError

#: The well-known key of the runtime code (``sp_storage::well_known_keys::CODE``).
CODE_KEY = b":code"
#: What our ``:code`` value starts with; the SCALE-encoded `RuntimeVersion` follows.
CODE_PREFIX = b"parahost-runtime:"


class RuntimeIdentityError(ParahostError):
    """A state's runtime identity is unreadable or does not fit the runtime at hand."""


class NotAParahostRuntime(RuntimeIdentityError):
    """``:code`` holds something other than a parahost runtime descriptor (Wasm, or damaged bytes)."""


class WrongRuntime(RuntimeIdentityError):
    """The state belongs to another runtime (another spec_name)."""


class RuntimeDowngrade(RuntimeIdentityError):
    """The state was last run by a newer spec_version of this runtime than the one at hand."""


def api_id(name: str) -> bytes:
    """A runtime API's id: blake2b-64 of its trait name (``decl_runtime_apis!``)."""
    return blake2b(name.encode(), digest_size=8).digest()


def _apis(value: Iterable[tuple[str | bytes, int]]) -> tuple[tuple[bytes, int], ...]:
    out = []
    for ident, version in value:
        raw = api_id(ident) if isinstance(ident, str) else bytes(ident)
        if len(raw) != 8:
            raise ValueError(f"an API id is 8 bytes, got {len(raw)} (0x{raw.hex()})")
        out.append((raw, int(version)))
    return tuple(out)


CORE = api_id("Core")
#: The runtime APIs every runtime of this framework serves (Core 4: initialize_block returns nothing), for
#: `RuntimeVersion.apis`; a runtime adds its own (the parachain host adds ``("ParachainHost", 1)``).
FRAME_APIS: tuple[tuple[str, int], ...] = (("Core", 4), ("Metadata", 1), ("BlockBuilder", 4), ("GenesisBuilder", 1))
#: The runtime APIs the node serves for a runtime with Balances and TransactionPayment (`node.client.runtime_calls`):
#: AccountNonceApi 1, TaggedTransactionQueue 3 and TransactionPaymentApi 4 (ids ``bc9d89904f5b923f``,
#: ``d2bc9897eed08f15``, ``37c8bb1350a9a2a8``).
NODE_APIS: tuple[tuple[str, int], ...] = (("AccountNonceApi", 1), ("TaggedTransactionQueue", 3),
                                          ("TransactionPaymentApi", 4))  # fmt: skip


@attrs.frozen
class RuntimeVersion:
    """Substrate's RuntimeVersion. `apis` takes (API name or 8-byte id, version) pairs and keeps ids."""

    spec_name: str
    impl_name: str = "parahost"
    authoring_version: int = 1
    spec_version: int = 1
    impl_version: int = 1
    apis: tuple[tuple[bytes, int], ...] = attrs.field(default=(("Core", 4),), converter=_apis)
    transaction_version: int = 1
    state_version: int = 1

    def api_version(self, name_or_id: str | bytes) -> int | None:
        """The declared version of an API (by name or id), or None if the runtime does not declare it."""
        ident = api_id(name_or_id) if isinstance(name_or_id, str) else name_or_id
        return next((v for i, v in self.apis if i == ident), None)

    def encode(self) -> bytes:
        return RUNTIME_VERSION.encode(self)

    @staticmethod
    def decode(data: bytes) -> RuntimeVersion:
        return RUNTIME_VERSION.decode(data)

    def to_json(self) -> dict[str, Any]:
        """The RPC form (``state_getRuntimeVersion``): camelCase keys, apis as ``[["0x..", n], ..]``."""
        return {
            "specName": self.spec_name, "implName": self.impl_name, "authoringVersion": self.authoring_version,
            "specVersion": self.spec_version, "implVersion": self.impl_version,
            "apis": [["0x" + i.hex(), v] for i, v in self.apis], "transactionVersion": self.transaction_version,
            "systemVersion": self.state_version, "stateVersion": self.state_version,
        }  # fmt: skip

    def __str__(self) -> str:
        return f"{self.spec_name}-{self.spec_version} ({self.impl_name}-{self.impl_version})"


_HEAD = scale.TupleCodec([scale.string, scale.string, scale.u32, scale.u32, scale.u32,
                          scale.VecCodec(scale.TupleCodec([scale.FixedBytesCodec(8), scale.u32]))])  # fmt: skip


class _RuntimeVersionCodec(scale.Codec):
    name = "RuntimeVersion"
    min_size = 13

    def encode(self, value: Any) -> bytes:
        if not isinstance(value, RuntimeVersion):
            raise CodecError("RuntimeVersion", f"{value!r:.80} is not a RuntimeVersion")
        head = (value.spec_name, value.impl_name, value.authoring_version, value.spec_version,
                value.impl_version, [tuple(a) for a in value.apis])  # fmt: skip
        return _HEAD.encode(head) + scale.u32.encode(value.transaction_version) + scale.u8.encode(value.state_version)

    def decode_from(self, data: bytes, offset: int) -> tuple[Any, int]:
        (spec, impl, authoring, spec_v, impl_v, apis), offset = _HEAD.decode_from(data, offset)
        core = next((v for i, v in apis if i == CORE), 0)
        tx_version, state_version = 1, 0
        if core >= 3:
            tx_version, offset = scale.u32.decode_from(data, offset)
        if core >= 4:
            state_version, offset = scale.u8.decode_from(data, offset)
        version = RuntimeVersion(spec, impl, authoring, spec_v, impl_v, tuple(apis), tx_version, state_version)
        return version, offset


RUNTIME_VERSION: scale.Codec = _RuntimeVersionCodec()

# ---------------------------------------------------------------------------------------------
# The descriptor at :code


class _Readable(Protocol):
    def get(self, key: bytes) -> bytes | None: ...


def code_descriptor(version: RuntimeVersion) -> bytes:
    """The ``:code`` value of a runtime: `CODE_PREFIX` ++ SCALE(version)."""
    return CODE_PREFIX + version.encode()


def parse_code(code: bytes) -> RuntimeVersion:
    """The RuntimeVersion in a ``:code`` value. Raises NotAParahostRuntime if it is not our descriptor."""
    if not code.startswith(CODE_PREFIX):
        what = "a Wasm runtime" if code.startswith(b"\0asm") else f"0x{code[:24].hex()}..."
        raise NotAParahostRuntime(f":code holds {what}, not a parahost runtime descriptor ({CODE_PREFIX!r} ++ "
                                  "SCALE(RuntimeVersion))")  # fmt: skip
    try:
        return RUNTIME_VERSION.decode(code[len(CODE_PREFIX) :])
    except CodecError as e:
        raise NotAParahostRuntime(f":code: the runtime version does not decode: {e}") from None


def runtime_identity(state: _Readable) -> RuntimeVersion | None:
    """The RuntimeVersion recorded at ``:code`` in a state (a backend, an overlay, a dict), or None if absent."""
    code = state.get(CODE_KEY)
    return None if code is None else parse_code(code)


def check_runtime_matches(runtime: Any, state_identity: RuntimeVersion | None) -> None:
    """Refuse to run `runtime` (a Runtime or its RuntimeVersion) on a state whose identity is `state_identity`.

    Raises WrongRuntime if the spec names differ, RuntimeDowngrade if the state's spec_version is newer than
    the runtime's. A state without identity (None) and the same or an older spec_version pass: an older one is
    the runtime upgrade that the next block carries out.
    """
    ours: RuntimeVersion = runtime if isinstance(runtime, RuntimeVersion) else runtime.version
    if state_identity is None:
        return
    if state_identity.spec_name != ours.spec_name:
        raise WrongRuntime(f"the state is for runtime {state_identity.spec_name!r} (spec version "
                           f"{state_identity.spec_version}), not {ours.spec_name!r}")  # fmt: skip
    if state_identity.spec_version > ours.spec_version:
        raise RuntimeDowngrade(
            f"the state was last run by {state_identity.spec_name} spec version {state_identity.spec_version}, "
            f"newer than this runtime's {ours.spec_version}"
        )
