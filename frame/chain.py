"""A chain: a runtime, its state backend, the genesis and the best header, with block import.

This is the smallest thing that executes blocks end to end: build a block on the head, import a block
(execute, check the roots, then commit its changes to the backend in one go), and read storage at the head.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from frame import extrinsic as xt
from frame import io
from frame.backend import Backend, MemoryBackend
from frame.block import EMPTY_DIGEST, Block, Digest, Header
from frame.executive import BuiltBlock, Executive
from frame.genesis import build_genesis, genesis_header
from frame.pallet import Call
from frame.runtime import Runtime
from frame.state import OverlayedState
from primitives.errors import ParahostError


class ChainError(ParahostError):
    """The chain cannot be set up as asked."""


class Chain:
    """A runtime on a backend, from genesis. The backend always holds the state of `head`."""

    def __init__(self, runtime: Runtime, genesis_config: dict[str, Any] | None = None,
                 backend: Backend | None = None) -> None:  # fmt: skip
        self.runtime = runtime
        self.backend = backend if backend is not None else MemoryBackend()
        if len(self.backend) != 0:
            raise ChainError(
                "the backend already holds state: a Chain starts from genesis on an empty backend "
                "(reopening a chain needs its headers, which the block database keeps)"
            )
        state = OverlayedState(self.backend)
        build_genesis(runtime, genesis_config, state)
        state.commit_to_backend()
        self.genesis = genesis_header(self.backend.root)
        self.genesis_hash = self.genesis.hash()
        self.head = self.genesis
        self.executive = Executive(runtime, self.genesis_hash)

    @property
    def state_root(self) -> bytes:
        return self.backend.root

    def build_block(self, inherents: Sequence[Call] = (), extrinsics: Sequence[xt.Extrinsic | bytes] = (),
                    digest: Digest = EMPTY_DIGEST) -> BuiltBlock:  # fmt: skip
        """Author a block on the head (not imported: pass `.block` to `import_block`)."""
        return self.executive.build_block(self.backend, self.head, inherents, extrinsics, digest)

    def import_block(self, block: Block) -> Header:
        """Execute `block` on the head and, if it is valid, commit its state. Raises InvalidBlock otherwise."""
        state = self.executive.execute_block(self.backend, self.head, block)
        state.commit_to_backend()
        self.head = block.header
        return self.head

    def produce_block(self, inherents: Sequence[Call] = (), extrinsics: Sequence[xt.Extrinsic | bytes] = ()) -> Header:
        """Build a block on the head and import it."""
        return self.import_block(self.build_block(inherents, extrinsics).block)

    @contextmanager
    def reading(self) -> Iterator[OverlayedState]:
        """Read storage at the head: `with chain.reading(): System.Number.get()`. Writes are thrown away."""
        state = OverlayedState(self.backend)
        with io.using(state, self.runtime):
            yield state

    def nonce(self, who: bytes) -> int:
        with self.reading():
            return self.runtime.system.Account.get(who).nonce

    def sign(self, call: Call, keypair: Any, nonce: int | None = None) -> xt.Extrinsic:
        """A signed extrinsic for `call` with the signer's next nonce (or the one given)."""
        if nonce is None:
            nonce = self.nonce(bytes(keypair.public_key))
        return xt.sign(self.runtime, call, keypair, nonce, self.genesis_hash)
