"""The System pallet: block number, parent hash, block hashes, events, accounts and their nonces.

Storage names and keys are frame_system's (``System.Number``, ``System.Account`` ...), so clients that know
Substrate find them where they expect. The executive drives the block lifecycle through the routines below.
"""

from __future__ import annotations

from typing import Any

import attrs

from frame import io, system_errors, system_weights
from frame.account import AccountData, AccountInfo
from frame.block import Digest, Header
from frame.block import Digest as BlockDigest
from frame.dispatch import (
    ConsumerRemaining,
    DispatchError,
    NoProviders,
    Origin,
    TooManyConsumers,
    ensure_root,
    ensure_signed,
)
from frame.pallet import Pallet, call, constant
from frame.storage import StorageMap, StorageValue
from frame.trie import ordered_trie_root
from frame.weights import Weight
from primitives.hashing import Hasher, blake2_256
from primitives.scale import Codec, StructCodec, VecCodec
from primitives.types import (
    H256,
    U8,
    U16,
    U32,
    Bytes32,
    Compact32,
    ScaleEnum,
    codec_of,
    evolve,
    scale_struct,
    scale_variant,
)

AccountId = Bytes32
#: The placeholder genesis hash frame_system writes before the real one is known ("hash69").
HASH69 = b"\x45" * 32
EXTRINSIC_INDEX_KEY = b":extrinsic_index"
_U32 = codec_of(U32)

# ---------------------------------------------------------------------------------------------
# Types


class Phase(ScaleEnum):
    """Which part of the block an event was deposited in."""


@scale_variant(0)
class ApplyExtrinsic(Phase):
    """While applying the extrinsic with this index."""

    value: U32


@scale_variant(1)
class Finalization(Phase):
    """During on_finalize."""


@scale_variant(2)
class Initialization(Phase):
    """During on_initialize."""


@scale_struct
class DispatchInfo:
    """Weight, class and fee mode of a dispatched extrinsic. class: 0 Normal, 1 Operational, 2 Mandatory."""

    weight: Weight
    dispatch_class: U8 = 0
    pays_fee: U8 = 0


class RuntimeEventRef(Codec):
    """The current runtime's RuntimeEvent codec (System is generic over the runtime it is in)."""

    name = "RuntimeEvent"
    min_size = 2

    def encode(self, value: Any) -> bytes:
        return io.runtime().event_codec.encode(value)

    def decode_from(self, data: bytes, offset: int) -> tuple[Any, int]:
        return io.runtime().event_codec.decode_from(data, offset)


@attrs.frozen
class EventRecord:
    """An event with the phase it happened in (topics are not used and always empty)."""

    phase: Phase
    event: Any
    topics: tuple[bytes, ...] = ()


def _record_codec() -> Codec:
    codec = StructCodec(
        "EventRecord",
        [("phase", Phase.SCALE), ("event", RuntimeEventRef()), ("topics", VecCodec(codec_of(H256), True))],
        EventRecord,
    )
    EventRecord.SCALE = codec  # type: ignore[attr-defined]
    return codec


EVENT_RECORD = _record_codec()


class Event(ScaleEnum):
    """System's events."""


@scale_variant(0)
class ExtrinsicSuccess(Event):
    """An extrinsic completed successfully."""

    dispatch_info: DispatchInfo


@scale_variant(1)
class ExtrinsicFailed(Event):
    """An extrinsic failed; nothing it wrote was kept."""

    dispatch_error: DispatchError
    dispatch_info: DispatchInfo


@scale_variant(3)
class NewAccount(Event):
    """A new account was created."""

    account: AccountId


@scale_variant(4)
class KilledAccount(Event):
    """An account was reaped: its System.Account entry (nonce included) is gone."""

    account: AccountId


@scale_variant(5)
class Remarked(Event):
    """On-chain remark happened: who, and the hash of the remark."""

    sender: AccountId
    hash: H256


@scale_struct
class LastRuntimeUpgradeInfo:
    """The spec version and name of the runtime that last upgraded the state (frame_system's)."""

    spec_version: Compact32
    spec_name: str


@attrs.frozen
class GenesisConfig:
    """System's genesis: the accounts that exist from the start (hex public keys or SS58)."""

    accounts: tuple[AccountId, ...] = ()


SystemGenesisConfig = GenesisConfig

# ---------------------------------------------------------------------------------------------
# The pallet


class System(Pallet):
    """frame_system: the block's bookkeeping and the accounts."""

    Error = system_errors.Error
    Event = Event
    GenesisConfig = GenesisConfig

    BlockHashCount = constant(U32, 2400, "How many recent block hashes are kept in BlockHash.")
    SS58Prefix = constant(U16, 42, "The SS58 address prefix of this chain.")
    MaxConsumers = constant(U32, 16, "The most consumer references an account may have (FRAME's default).")

    # -- Storage (as FRAME's System: ExtrinsicData, Digest, Events and LastRuntimeUpgrade are #[pallet::unbounded])

    Account = StorageMap(Hasher.Blake2_128Concat, AccountId, AccountInfo, default=AccountInfo,
                         doc="The account's nonce, reference counts and balance (AccountInfo, Substrate's 80 bytes). "
                             "Invariant: present iff providers + sufficients > 0.")  # fmt: skip
    ExtrinsicCount = StorageValue(U32, doc="Extrinsics applied in the block (set at finalization).")
    BlockHash = StorageMap(Hasher.Twox64Concat, U32, H256, default=bytes(32),
                           doc="Hashes of recent blocks by number; genesis is kept.")  # fmt: skip
    ExtrinsicData = StorageMap(Hasher.Twox64Concat, U32, bytes, default=b"", unbounded=True,
                               doc="Encoded extrinsics of the current block (taken at finalization).")  # fmt: skip
    Number = StorageValue(U32, default=0, doc="The current block number.")
    ParentHash = StorageValue(H256, default=bytes(32), doc="The parent block's hash.")
    Digest = StorageValue(Digest, default=Digest, unbounded=True, doc="The digest of the current block.")
    Events = StorageValue(VecCodec(EVENT_RECORD), default=list, unbounded=True,
                          doc="Events deposited in the current block; reset when the next one starts.")  # fmt: skip
    EventCount = StorageValue(U32, default=0, doc="Number of events in Events.")
    ExecutionPhase = StorageValue(Phase, doc="Which phase the block is in (removed at finalization).")
    LastRuntimeUpgrade = StorageValue(LastRuntimeUpgradeInfo, unbounded=True,
                                      doc="The runtime that last upgraded the state (written at genesis and by "
                                          "each runtime upgrade; frame.upgrade).")  # fmt: skip

    # -- Genesis

    @classmethod
    def genesis_build(cls, config: SystemGenesisConfig) -> None:
        cls.BlockHash.insert(0, HASH69)
        cls.ParentHash.put(HASH69)
        io.state().set(EXTRINSIC_INDEX_KEY, _U32.encode(0))
        for who in config.accounts:
            cls.inc_providers(who)

    # -- Entry points

    @call(0, weight=lambda remark: system_weights.remark(len(remark)))
    def remark(cls, origin: Origin, remark: bytes) -> None:
        """Make some on-chain remark (does nothing else)."""
        ensure_signed(origin)

    @call(4, weight=lambda items: system_weights.set_storage(len(items)))
    def set_storage(cls, origin: Origin, items: list[tuple[bytes, bytes]]) -> None:
        """Set raw storage items (Root only)."""
        ensure_root(origin)
        st = io.state()
        for k, v in items:
            st.set(k, v)

    @call(5, weight=lambda keys: system_weights.kill_storage(len(keys)))
    def kill_storage(cls, origin: Origin, keys: list[bytes]) -> None:
        """Remove raw storage items (Root only)."""
        ensure_root(origin)
        st = io.state()
        for k in keys:
            st.delete(k)

    @call(6, weight=lambda prefix, subkeys: system_weights.kill_prefix(subkeys))
    def kill_prefix(cls, origin: Origin, prefix: bytes, subkeys: U32) -> None:
        """Remove up to `subkeys` raw storage items under a prefix (Root only)."""
        ensure_root(origin)
        io.state().clear_prefix(prefix, subkeys)

    @call(7, weight=lambda remark: system_weights.remark_with_event(len(remark)))
    def remark_with_event(cls, origin: Origin, remark: bytes) -> None:
        """Make an on-chain remark and emit Remarked with its hash."""
        who = ensure_signed(origin)
        cls.deposit_event(Remarked(who, blake2_256(remark)))

    # -- Routines

    @classmethod
    def inc_providers(cls, who: bytes) -> None:
        """Add a provider reference; the first one (no providers, no sufficients) creates the account and
        emits NewAccount (frame_system's inc_providers)."""
        info = cls.Account.get(who)
        if info.providers == 0 and info.sufficients == 0:
            cls.Account.insert(who, evolve(info, providers=1))
            cls.deposit_event(NewAccount(who))
        else:
            cls.Account.insert(who, evolve(info, providers=info.providers + 1))

    @classmethod
    def dec_providers(cls, who: bytes) -> bool:
        """Remove a provider reference. The last one, with no consumers and no sufficients, reaps the account
        (the whole entry, nonce included) and emits KilledAccount: returns True then. Raises ConsumerRemaining
        if it is the last provider and consumers remain."""
        if not cls.Account.contains_key(who):
            return False
        info = cls.Account.get(who)
        if info.providers == 0:
            return False
        if info.providers == 1 and info.consumers > 0:
            raise ConsumerRemaining(f"0x{who.hex()} has {info.consumers} consumer(s) and one provider")
        if info.providers == 1 and info.sufficients == 0:
            cls.Account.remove(who)
            cls.deposit_event(KilledAccount(who))
            return True
        cls.Account.insert(who, evolve(info, providers=info.providers - 1))
        return False

    @classmethod
    def inc_consumers(cls, who: bytes) -> None:
        """Add a consumer reference. Raises NoProviders without a provider, TooManyConsumers at MaxConsumers."""
        info = cls.Account.get(who)
        if info.providers == 0:
            raise NoProviders(f"0x{who.hex()} has no provider reference")
        if info.consumers >= cls.MaxConsumers:
            raise TooManyConsumers(f"0x{who.hex()} has {info.consumers} consumers")
        cls.Account.insert(who, evolve(info, consumers=info.consumers + 1))

    @classmethod
    def dec_consumers(cls, who: bytes) -> None:
        """Remove a consumer reference (saturating at zero)."""
        if cls.Account.contains_key(who):
            info = cls.Account.get(who)
            cls.Account.insert(who, evolve(info, consumers=max(0, info.consumers - 1)))

    @classmethod
    def account_data(cls, who: bytes) -> AccountData:
        """The balance part of the account (the default for an account that does not exist)."""
        return cls.Account.get(who).data

    @classmethod
    def account_exists(cls, who: bytes) -> bool:
        return cls.Account.contains_key(who)

    @classmethod
    def inc_account_nonce(cls, who: bytes) -> None:
        cls.Account.mutate(who, lambda info: evolve(info, nonce=info.nonce + 1))

    @classmethod
    def block_number(cls) -> int:
        return cls.Number.get()

    @classmethod
    def parent_hash(cls) -> bytes:
        return cls.ParentHash.get()

    @classmethod
    def extrinsic_index(cls) -> int | None:
        raw = io.state().get(EXTRINSIC_INDEX_KEY)
        return None if raw is None else _U32.decode(raw)

    @classmethod
    def record_event(cls, event: Any) -> None:
        """Append a RuntimeEvent with the current phase (skipped at genesis, block 0, like FRAME)."""
        if cls.Number.get() == 0:
            return
        phase = cls.ExecutionPhase.get() or Initialization()
        cls.Events.append(EventRecord(phase, event))
        cls.EventCount.put(cls.EventCount.get() + 1)

    @classmethod
    def events(cls) -> list[EventRecord]:
        return cls.Events.get()

    # -- Block lifecycle (called by the executive)

    @classmethod
    def reset_events(cls) -> None:
        """Clear the previous block's events (the executive does it before a runtime upgrade runs)."""
        cls.Events.kill()
        cls.EventCount.kill()

    @classmethod
    def initialize(cls, number: int, parent_hash: bytes, digest: BlockDigest, reset_events: bool = True) -> None:
        if reset_events:
            cls.reset_events()
        cls.ExecutionPhase.put(Initialization())
        io.state().set(EXTRINSIC_INDEX_KEY, _U32.encode(0))
        cls.Number.put(number)
        cls.Digest.put(digest)
        cls.ParentHash.put(parent_hash)
        cls.BlockHash.insert(number - 1, parent_hash)

    @classmethod
    def note_extrinsic(cls, encoded: bytes) -> None:
        cls.ExtrinsicData.insert(cls.extrinsic_index() or 0, encoded)

    @classmethod
    def note_applied_extrinsic(cls, error: DispatchError | None, info: DispatchInfo) -> None:
        cls.deposit_event(ExtrinsicSuccess(info) if error is None else ExtrinsicFailed(error, info))
        nxt = (cls.extrinsic_index() or 0) + 1
        io.state().set(EXTRINSIC_INDEX_KEY, _U32.encode(nxt))
        cls.ExecutionPhase.put(ApplyExtrinsic(nxt))

    @classmethod
    def note_finished_initialize(cls) -> None:
        cls.ExecutionPhase.put(ApplyExtrinsic(0))

    @classmethod
    def note_finished_extrinsics(cls) -> None:
        st = io.state()
        raw = st.get(EXTRINSIC_INDEX_KEY)
        st.delete(EXTRINSIC_INDEX_KEY)
        cls.ExtrinsicCount.put(0 if raw is None else _U32.decode(raw))
        cls.ExecutionPhase.put(Finalization())

    @classmethod
    def finalize(cls) -> Header:
        """Clear the block's temporaries and return the header without the state root (the executive adds it)."""
        cls.ExecutionPhase.kill()
        number = cls.Number.get()
        count = cls.ExtrinsicCount.take() or 0
        extrinsics = [cls.ExtrinsicData.take(i) for i in range(count)]
        to_remove = number - cls.BlockHashCount - 1
        if to_remove > 0:
            cls.BlockHash.remove(to_remove)
        return Header(
            parent_hash=cls.ParentHash.get(),
            number=number,
            state_root=bytes(32),
            extrinsics_root=ordered_trie_root(extrinsics),
            digest=cls.Digest.get(),
        )
