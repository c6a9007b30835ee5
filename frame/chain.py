"""A chain: a runtime, its state backend, the genesis and the best header, with block import.

This is the smallest thing that executes blocks end to end: build a block on the head, import a block
(execute, check the roots, then commit its changes to the backend in one go), and read storage at the head.

Nonces: `Chain.sign` without a nonce gives each signer consecutive nonces for the block being built: the
signer's account nonce at the head, then one more for each nonce it has handed that signer since the last
imported block (signing twice for Alice before importing gives nonces n and n + 1, not n twice); a nonce given
explicitly is used as it is and not counted.

Dropped extrinsics: a block author leaves out an extrinsic that is not valid (a stale or future nonce, a bad
signature, no room left in the block) and says so in `BuiltBlock.dropped`. Because that is easy to miss,
`Chain.build_block` also makes it visible, as `on_dropped` says: ``"warn"`` (the default) issues a
`DroppedExtrinsicsWarning` naming each extrinsic left out and why, ``"raise"`` raises `ExtrinsicsDropped`
instead of returning the block, and ``"keep"`` only records them (for callers that look at `dropped`, such
as block authors with a pool). `Chain.produce_block`, whose caller never sees the built block, raises.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Literal

from frame import extrinsic as xt
from frame import io
from frame.backend import Backend, MemoryBackend
from frame.block import EMPTY_DIGEST, Block, Digest, Header
from frame.era import IMMORTAL, Era
from frame.executive import BuiltBlock, Executive
from frame.genesis import build_genesis, genesis_header
from frame.pallet import Call
from frame.runtime import Runtime
from frame.state import OverlayedState
from frame.version import check_runtime_matches, runtime_identity
from primitives.errors import ParahostError


class ChainError(ParahostError):
    """The chain cannot be set up as asked."""


class ExtrinsicsDropped(ChainError):
    """A block was built without some of the extrinsics given for it (the message lists them and why)."""

    def __init__(self, built: BuiltBlock) -> None:
        self.built = built
        super().__init__(describe_dropped(built))


class DroppedExtrinsicsWarning(UserWarning):
    """`Chain.build_block` left out some of the extrinsics given for it (the message lists them and why)."""


OnDropped = Literal["warn", "raise", "keep"]


def describe_dropped(built: BuiltBlock) -> str:
    """One line: how many extrinsics block #n left out, and each one with its reason."""
    what = "; ".join(f"{_short(x)}: {type(e).__name__}: {e}" for x, e in built.dropped[:5])
    more = f"; and {len(built.dropped) - 5} more" if len(built.dropped) > 5 else ""
    n = len(built.dropped)
    return f"block #{built.block.header.number} left out {n} extrinsic{'s' * (n != 1)}: {what}{more}"


def _short(x: xt.Extrinsic | bytes) -> str:
    if isinstance(x, bytes):
        return f"0x{x[:16].hex()}{'...' if len(x) > 16 else ''}"
    signer = f" signed by 0x{x.signature.signer.hex()[:16]}... nonce {x.signature.nonce}" if x.signature else ""
    return f"{x.call!r:.120}{signer}"


class Chain:
    """A runtime on a backend, from genesis. The backend always holds the state of `head`."""

    def __init__(self, runtime: Runtime, genesis_config: dict[str, Any] | None = None,
                 backend: Backend | None = None) -> None:  # fmt: skip
        self.runtime = runtime
        self.backend = backend if backend is not None else MemoryBackend()
        if len(self.backend) != 0:  # an existing state: it must be this runtime's (WrongRuntime, RuntimeDowngrade)
            check_runtime_matches(runtime, runtime_identity(self.backend))
            with io.using(OverlayedState(self.backend, read_only=True), runtime):
                number = runtime.system.Number.get()
            if genesis_config is not None or number != 0:
                raise ChainError(
                    "the backend already holds state: a Chain starts from genesis, on an empty backend or one "
                    "holding a genesis state and no genesis config (reopening a chain at a later block needs "
                    "its headers, which the block database keeps)"
                )
        else:
            state = OverlayedState(self.backend)
            build_genesis(runtime, genesis_config, state)
            state.commit_to_backend()
        self.genesis = genesis_header(self.backend.root)
        self.genesis_hash = self.genesis.hash()
        self.head = self.genesis
        self.executive = Executive(runtime, self.genesis_hash)
        #: the next nonce `sign` gives each signer, for extrinsics signed since the last imported block
        self._pending_nonces: dict[bytes, int] = {}

    @property
    def state_root(self) -> bytes:
        return self.backend.root

    def build_block(self, inherents: Sequence[Call] = (), extrinsics: Sequence[xt.Extrinsic | bytes] = (),
                    digest: Digest = EMPTY_DIGEST, on_dropped: OnDropped = "warn",
                    inherent_data: Mapping[bytes | str, Any] | None = None) -> BuiltBlock:  # fmt: skip
        """Author a block on the head (not imported: pass `.block` to `import_block`).

        Pallets that provide an inherent (Timestamp) make it from `inherent_data` (``{"timstap0": ms}``; keys
        as bytes or text) unless `inherents` has theirs; without data they use their default (Timestamp: the
        previous block's time plus the slot duration), so chains built in tests are deterministic.

        Extrinsics that are not valid are left out and listed in `.dropped`; `on_dropped` says what else
        happens then: ``"warn"`` a `DroppedExtrinsicsWarning`, ``"raise"`` `ExtrinsicsDropped`, ``"keep"`` nothing.
        """
        if on_dropped not in ("warn", "raise", "keep"):
            raise ValueError(f"on_dropped must be 'warn', 'raise' or 'keep', not {on_dropped!r}")
        data = None if inherent_data is None else {k.encode() if isinstance(k, str) else k: v
                                                    for k, v in inherent_data.items()}  # fmt: skip
        built = self.executive.build_block(self.backend, self.head, inherents, extrinsics, digest, data)
        if built.dropped and on_dropped == "raise":
            raise ExtrinsicsDropped(built)
        if built.dropped and on_dropped == "warn":
            warnings.warn(describe_dropped(built), DroppedExtrinsicsWarning, stacklevel=2)
        return built

    def import_block(self, block: Block, inherent_data: Mapping[bytes | str, Any] | None = None) -> Header:
        """Execute `block` on the head and, if it is valid, commit its state. Raises InvalidBlock otherwise.
        With `inherent_data` (the importer's own, e.g. its clock), each inherent is first checked against it
        (`Executive.check_inherents`: a timestamp too far in the future is refused)."""
        if inherent_data is not None:
            data = {k.encode() if isinstance(k, str) else k: v for k, v in inherent_data.items()}
            self.executive.check_inherents(self.backend, block, data)
        state = self.executive.execute_block(self.backend, self.head, block)
        state.commit_to_backend()
        self.head = block.header
        self._pending_nonces.clear()
        return self.head

    def produce_block(self, inherents: Sequence[Call] = (), extrinsics: Sequence[xt.Extrinsic | bytes] = (),
                      inherent_data: Mapping[bytes | str, Any] | None = None) -> Header:  # fmt: skip
        """Build a block on the head and import it. Raises `ExtrinsicsDropped` (and imports nothing) if any of
        `extrinsics` would be left out."""
        built = self.build_block(inherents, extrinsics, on_dropped="raise", inherent_data=inherent_data)
        return self.import_block(built.block)

    @contextmanager
    def reading(self) -> Iterator[OverlayedState]:
        """Read storage at the head: `with chain.reading(): System.Number.get()`. Writes are thrown away."""
        state = OverlayedState(self.backend)
        with io.using(state, self.runtime):
            yield state

    def nonce(self, who: bytes) -> int:
        with self.reading():
            return self.runtime.system.Account.get(who).nonce

    def sign(self, call: Call, keypair: Any, nonce: int | None = None, tip: int = 0,
             era: Era | int | None = None) -> xt.Extrinsic:  # fmt: skip
        """A signed extrinsic for `call` with the signer's next nonce (or the one given), `tip`, and `era`:
        None for immortal, a period in blocks for a mortal era born at the head (``Era.mortal(period,
        head.number)``), or an `Era` (its birth block seen from the head).

        The next nonce counts the nonces handed out here for the same signer since the last imported block,
        so several extrinsics can go in one block. A nonce given explicitly is used as it is and not counted.
        """
        if isinstance(era, int):
            era = Era.mortal(era, self.head.number)
        era = IMMORTAL if era is None else era
        birth_hash = None if era.is_immortal else self.block_hash(era.birth(self.head.number))
        if nonce is None:
            who = bytes(keypair.public_key)
            nonce = max(self.nonce(who), self._pending_nonces.get(who, 0))
            self._pending_nonces[who] = nonce + 1
        return xt.sign(self.runtime, call, keypair, nonce, self.genesis_hash, tip, era, birth_hash)

    def block_hash(self, number: int) -> bytes:
        """The hash of block `number` of this chain, up to the head (older ones as long as System keeps them)."""
        if number == self.head.number:
            return self.head.hash()
        if number == 0:
            return self.genesis_hash
        if number > self.head.number:
            raise ChainError(f"block {number} is ahead of the head #{self.head.number}")
        with self.reading():
            system = self.runtime.system
            if not system.BlockHash.contains_key(number):
                raise ChainError(f"the hash of block {number} is no longer kept (System.BlockHashCount)")
            return bytes(system.BlockHash.get(number))
