"""Statements, attestations, bitfields and the `Signed` wrapper (reference §7.1 and §7.4, DESIGN §4.2).

Every validator signature is over ``SCALE(payload) ‖ SCALE(SigningContext)``, and `SigningContext`
encodes the session index before the parent hash (the reference's order; the guide lists them the other
way round). A backing statement's signed payload is always the compact form, so a ``Seconded``
statement is signed over the candidate hash and not the whole receipt (the guide's "Signed Statement
Type"): 1 + 32 + 4 + 32 = 69 bytes. An availability bitfield's is the bit vector itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, Self, TypeVar

from primitives.bitvec import BitVec
from primitives.crypto import verify
from primitives.parachain.candidate import AbridgedCandidateReceipt
from primitives.parachain.ids import Hash, SessionIndex, ValidatorIndex, ValidatorSignature
from primitives.scale import Codec, StructCodec
from primitives.types import Bits, ScaleEnum, codec_of, scale_struct, scale_variant


@scale_struct
class SigningContext:
    """The context every validator signature is bound to: session index first, then the parent hash."""

    session_index: SessionIndex
    parent_hash: Hash

    def encode(self) -> bytes:
        return _SIGNING_CONTEXT.encode(self)


_SIGNING_CONTEXT = codec_of(SigningContext)


# ---------------------------------------------------------------------------------------------
# Statements


class CompactStatement(ScaleEnum):
    """A statement about a candidate by hash: what backing signatures cover (indexes 1, 2, 3; §7.1).

    The reference calls the first variant ``Candidate``; the guide's name ``Seconded`` is used here.
    """

    __slots__ = ()
    if TYPE_CHECKING:
        Seconded: ClassVar[type[CompactSeconded]]
        Valid: ClassVar[type[CompactValid]]
        Invalid: ClassVar[type[CompactInvalid]]
        value: bytes

    @property
    def candidate_hash(self) -> bytes:
        return self.value


@scale_variant(1, name="Seconded")
class CompactSeconded(CompactStatement):
    """The signer seconds the candidate with this hash (an implicit validity vote)."""

    value: Hash


@scale_variant(2, name="Valid")
class CompactValid(CompactStatement):
    """The signer found the candidate with this hash valid."""

    value: Hash


@scale_variant(3, name="Invalid")
class CompactInvalid(CompactStatement):
    """The signer found the candidate with this hash invalid."""

    value: Hash


CompactStatement.Seconded = CompactSeconded
CompactStatement.Valid = CompactValid
CompactStatement.Invalid = CompactInvalid


class Statement(ScaleEnum):
    """A full statement (the guide's "Statement Type"): ``Seconded`` carries the receipt itself."""

    __slots__ = ()
    if TYPE_CHECKING:
        Seconded: ClassVar[type[Seconded]]
        Valid: ClassVar[type[Valid]]
        Invalid: ClassVar[type[Invalid]]

    def to_compact(self) -> CompactStatement:
        """The compact form, which is what gets signed."""
        raise NotImplementedError  # pragma: no cover - every variant overrides it


@scale_variant(1)
class Seconded(Statement):
    """A new candidate, seconded by the signer."""

    value: AbridgedCandidateReceipt

    def to_compact(self) -> CompactStatement:
        return CompactSeconded(self.value.hash())


@scale_variant(2)
class Valid(Statement):
    """The candidate with this hash is valid."""

    value: Hash

    def to_compact(self) -> CompactStatement:
        return CompactValid(self.value)


@scale_variant(3)
class Invalid(Statement):
    """The candidate with this hash is invalid."""

    value: Hash

    def to_compact(self) -> CompactStatement:
        return CompactInvalid(self.value)


Statement.Seconded = Seconded
Statement.Valid = Valid
Statement.Invalid = Invalid


class ValidityAttestation(ScaleEnum):
    """A backing vote as it appears in a `BackedCandidate`: the signature of a statement (indexes 1, 2).

    ``Implicit`` signs the ``Seconded`` compact statement and ``Explicit`` the ``Valid`` one, both about
    the candidate the backing is for.
    """

    __slots__ = ()
    if TYPE_CHECKING:
        Implicit: ClassVar[type[Implicit]]
        Explicit: ClassVar[type[Explicit]]
        value: bytes

    @property
    def signature(self) -> bytes:
        return self.value

    def signed_payload(self, candidate_hash: bytes, context: SigningContext) -> bytes:
        """The bytes the signature covers: SCALE((compact statement, context)), 69 bytes."""
        raise NotImplementedError  # pragma: no cover - every variant overrides it

    def check_signature(self, candidate_hash: bytes, context: SigningContext, public_key: bytes) -> bool:
        """Whether this is `public_key`'s vote for the candidate `candidate_hash` in `context`."""
        return verify(self.value, self.signed_payload(candidate_hash, context), public_key)


@scale_variant(1)
class Implicit(ValidityAttestation):
    """Validity implied by seconding: a signature of ``CompactStatement::Seconded(hash)``."""

    value: ValidatorSignature

    def signed_payload(self, candidate_hash: bytes, context: SigningContext) -> bytes:
        return CompactSeconded(candidate_hash).encode() + context.encode()


@scale_variant(2)
class Explicit(ValidityAttestation):
    """An explicit validity vote: a signature of ``CompactStatement::Valid(hash)``."""

    value: ValidatorSignature

    def signed_payload(self, candidate_hash: bytes, context: SigningContext) -> bytes:
        return CompactValid(candidate_hash).encode() + context.encode()


ValidityAttestation.Implicit = Implicit
ValidityAttestation.Explicit = Explicit


# ---------------------------------------------------------------------------------------------
# The Signed wrapper

#: An availability bitfield: bit i is this validator's vote that core i's candidate is available.
#: It encodes exactly as ``BitVec<Lsb0, u8>`` (reference §7.1).
AvailabilityBitfield = Bits

P = TypeVar("P")


class SigningKey(Protocol):
    """Anything that signs like `primitives.crypto.Keypair`."""

    def sign(self, message: bytes) -> bytes: ...


class Signed(Generic[P]):
    """A payload signed by a validator (reference §7.1): SCALE = payload ‖ validator_index u32 ‖ signature.

    The signature is over ``SCALE(real payload) ‖ SCALE(SigningContext)``; the real payload is the payload
    itself unless a subclass overrides `real_payload_bytes` (statements sign their compact form).
    Declare a concrete signed type with `signed_struct`, giving the three fields in this order::

        @signed_struct
        class SignedAvailabilityBitfield(Signed[BitVec]):
            payload: AvailabilityBitfield
            validator_index: ValidatorIndex
            signature: ValidatorSignature
    """

    __slots__ = ()
    SCALE: ClassVar[StructCodec]
    #: the payload's codec (set by `signed_struct`)
    PAYLOAD: ClassVar[Codec]

    if TYPE_CHECKING:
        payload: P
        validator_index: int
        signature: bytes

        def __init__(self, payload: P, validator_index: int, signature: bytes) -> None: ...

    @classmethod
    def real_payload_bytes(cls, payload: P) -> bytes:
        """The SCALE bytes of what is actually signed for `payload` (default: the payload's own)."""
        return cls.PAYLOAD.encode(payload)

    @classmethod
    def signing_payload(cls, payload: P, context: SigningContext) -> bytes:
        """The exact bytes the signature covers: real payload ‖ SCALE(context)."""
        return cls.real_payload_bytes(payload) + _SIGNING_CONTEXT.encode(context)

    @classmethod
    def sign(cls, keypair: SigningKey, payload: P, context: SigningContext, validator_index: int) -> Self:
        """Sign `payload` in `context` as the validator at `validator_index`."""
        signature = ValidatorSignature(keypair.sign(cls.signing_payload(payload, context)))
        return cls(payload, ValidatorIndex(validator_index), signature)

    def check_signature(self, context: SigningContext, public_key: bytes) -> bool:
        """Whether the signature is `public_key`'s over this payload in `context`. Never raises."""
        return verify(self.signature, self.signing_payload(self.payload, context), public_key)

    def encode(self) -> bytes:
        return self.SCALE.encode(self)


S = TypeVar("S", bound=type)


def signed_struct(cls: S) -> S:
    """Declare a concrete `Signed` type: a SCALE struct whose fields are payload, validator_index, signature."""
    names = tuple(cls.__dict__.get("__annotations__", {}))
    if names != ("payload", "validator_index", "signature") or not issubclass(cls, Signed):
        raise TypeError(f"{cls.__name__}: a Signed type has fields (payload, validator_index, signature)")
    made: Any = scale_struct(cls)
    made.PAYLOAD = made.SCALE.fields[0][1]
    return made


@signed_struct
class SignedAvailabilityBitfield(Signed[BitVec]):
    """A validator's availability bitfield, signed (reference §7.1). Signed payload: 38 bytes for 3 bits."""

    payload: AvailabilityBitfield
    validator_index: ValidatorIndex
    signature: ValidatorSignature


@signed_struct
class SignedStatement(Signed[Statement]):
    """A full statement, signed over its compact form (v0 ``SignedFullStatement``; the guide's type)."""

    payload: Statement
    validator_index: ValidatorIndex
    signature: ValidatorSignature

    @classmethod
    def real_payload_bytes(cls, payload: Statement) -> bytes:
        return payload.to_compact().encode()


# ---------------------------------------------------------------------------------------------
# Backing


@scale_struct
class BackedCandidate:
    """A candidate with the votes that back it (reference §7.1; the guide's "Backed Candidate").

    ``validator_indices`` has one bit per member of the backing group; the set bits, in ascending order,
    name the signers of ``validity_votes`` in order.
    """

    candidate: AbridgedCandidateReceipt
    validity_votes: tuple[ValidityAttestation, ...]
    validator_indices: Bits

    def hash(self) -> bytes:
        """The candidate hash of the backed candidate."""
        return self.candidate.hash()
