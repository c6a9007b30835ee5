"""Why erasure coding, recovery or a chunk proof failed (`node.availability.erasure`).

One root, `ErasureError`; Polkadot's ``erasure-coding`` error names where it has one.
"""

from __future__ import annotations

from primitives.errors import ParahostError


class ErasureError(ParahostError):
    """Erasure coding, recovery or chunk-proof checking failed."""


class NotEnoughValidators(ErasureError):
    """Fewer than 2 validators: nothing to spread the data over."""


class TooManyValidators(ErasureError):
    """More validators than the code has positions (65536)."""


class EmptyPayload(ErasureError):
    """The payload to encode is empty."""


class PayloadTooLarge(ErasureError):
    """The payload is larger than the bound the caller set."""


class NotEnoughChunks(ErasureError):
    """Fewer distinct chunks than the recovery threshold (`needed` vs `given`)."""

    def __init__(self, message: str, needed: int, given: int) -> None:
        super().__init__(message)
        self.needed = needed
        self.given = given


class MissingSystematicChunks(NotEnoughChunks):
    """The systematic fast path lacks one of the chunks 0..k-1."""


class BadChunk(ErasureError):
    """A chunk cannot be used as given (not bytes)."""


class WrongChunkSize(BadChunk):
    """A chunk is empty, of odd length, of another length than the others, or larger than the bound allows."""


class ChunkIndexOutOfRange(BadChunk):
    """A chunk index is not in 0..n-1."""


class InvalidErasureRoot(ErasureError):
    """The data recovered from the chunks re-encodes to another erasure root: some chunk was corrupt."""


class BadPayload(ErasureError):
    """The recovered payload does not decode as `AvailableData`."""


class InvalidErasureProof(ErasureError):
    """A chunk's branch proof does not prove it under the erasure root."""


class MissingProofNode(InvalidErasureProof):
    """The proof lacks a trie node on the path from the root to the chunk's key."""


class ExtraProofNodes(InvalidErasureProof):
    """The proof holds trie nodes off the path to the chunk's key (or one twice)."""


class MalformedProofNode(InvalidErasureProof):
    """A proof node does not decode as a trie node."""


class ProofTooLarge(InvalidErasureProof):
    """The proof has more than 8 nodes or a node outside 1..=612 bytes (Polkadot's bounds)."""


class ChunkNotInTrie(InvalidErasureProof):
    """The proof shows no entry for the chunk's index under the root."""


class ChunkHashMismatch(InvalidErasureProof):
    """The trie holds another hash than blake2_256(chunk) for the chunk's index."""
