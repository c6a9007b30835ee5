"""Paras: the registered parachains and parathreads, their heads, and their validation code and its upgrades.

Implements the guide's "The Paras Module" with the reference's semantics (§3). Registrations change only at a
session change. A code upgrade is scheduled for a relay-parent number and applied by the first parablock executed
in the context of a relay parent at or after it; the replaced code stays available (`validation_code_at`) for
`acceptance_period` blocks after the upgrade was enacted, and is pruned in the block after that.
"""

from __future__ import annotations

import bisect

from frame.coupling import Requires
from frame.dispatch import Origin, ensure_root
from frame.pallet import Pallet, call
from frame.storage import StorageMap, StorageValue
from frame.system import System
from pallets.paras import _sorted, _try_state, weights
from pallets.paras.errors import (
    AlreadyOutgoing,
    AlreadyRegistered,
    AlreadyScheduled,
    CodeTooLarge,
    DuplicateGenesisPara,
    EmptyValidationCode,
    Error,
    HeadDataTooLarge,
    NotRegistered,
)
from pallets.paras.types import GenesisConfig, ParasGenesisConfig
from pallets.traits import HostConfigurationSource, SessionChangeNotification
from primitives.hashing import Hasher
from primitives.parachain import (
    BlockNumber,
    HeadData,
    LocalValidationData,
    ParaGenesisArgs,
    ParaId,
    ParaPastCodeMeta,
    UseCodeAtReplacedAt,
)
from primitives.parachain import ValidationCode as Code
from primitives.scale import TupleCodec

_UNIT = TupleCodec([])
_T64 = Hasher.Twox64Concat

# ---------------------------------------------------------------------------------------------
# The pallet


class Paras(Pallet):
    """The guide's Paras module."""

    Error = Error
    GenesisConfig = GenesisConfig

    # -- Dependencies (wired by construct_runtime; pallets/traits.py)

    Configuration = Requires(HostConfigurationSource, doc="The active host configuration.")

    # -- Storage

    #: as Polkadot's #[pallet::without_storage_info]:
    #: the para lists, heads and validation code are unbounded Vecs (sizes set by configuration)
    without_storage_info = True
    Parachains = StorageValue(tuple[ParaId, ...], default=tuple,
                              doc="All parachains. Invariant: sorted ascending, no duplicates; "
                                  "no parathreads.")  # fmt: skip
    Parathreads = StorageMap(_T64, ParaId, _UNIT, doc="All parathreads (the value is `()`).")
    Heads = StorageMap(_T64, ParaId, HeadData, doc="The head data of every registered para.")
    ValidationCode = StorageMap(_T64, ParaId, Code, doc="The current validation code of every registered para.")
    PastCode = StorageMap(_T64, tuple[ParaId, BlockNumber], Code,
                          doc="Replaced code, keyed by para and the expected_at of its replacement. "
                              "Invariant: one entry per replacement in PastCodeMeta.")  # fmt: skip
    PastCodeMeta = StorageMap(_T64, ParaId, ParaPastCodeMeta, default=ParaPastCodeMeta,
                              doc="The replacements of a para's code still on record, oldest first; kept after the "
                                  "para is gone until its past code is pruned.")  # fmt: skip
    PastCodePruning = StorageValue(tuple[tuple[ParaId, BlockNumber], ...], default=tuple,
                                   doc="(para, activated_at) of each replacement awaiting pruning. "
                                       "Invariant: sorted ascending by activated_at.")  # fmt: skip
    FutureCodeUpgrades = StorageMap(_T64, ParaId, BlockNumber,
                                    doc="The relay-parent number from which a planned code upgrade applies. "
                                        "Invariant: set exactly when FutureCode is.")  # fmt: skip
    FutureCode = StorageMap(_T64, ParaId, Code, doc="The code of a planned upgrade.")
    UpcomingParas = StorageValue(tuple[ParaId, ...], default=tuple,
                                 doc="Paras to register at the next session. Invariant: sorted, no duplicates, "
                                     "each with an UpcomingParasGenesis entry.")  # fmt: skip
    UpcomingParasGenesis = StorageMap(_T64, ParaId, ParaGenesisArgs, doc="How each upcoming para starts.")
    OutgoingParas = StorageValue(tuple[ParaId, ...], default=tuple,
                                 doc="Registered paras to remove at the next session. "
                                     "Invariant: sorted, no duplicates.")  # fmt: skip

    @classmethod
    def try_state(cls, now: int) -> None:
        """try-runtime: the storage invariants stated above (`pallets.paras._try_state`)."""
        _try_state.check(cls)

    # -- Genesis

    @classmethod
    def genesis_build(cls, config: ParasGenesisConfig) -> None:
        """Register the genesis paras at once: parachains in Parachains, parathreads in Parathreads."""
        parachains: list[ParaId] = []
        seen: set[int] = set()
        for para, args in config.paras:
            if para in seen:
                raise DuplicateGenesisPara(f"para {para}")
            seen.add(para)
            cls.check_genesis_args(para, args)
            if args.parachain:
                bisect.insort(parachains, para)
            else:
                cls.Parathreads.insert(para, ())
            cls.Heads.insert(para, args.genesis_head)
            cls.ValidationCode.insert(para, args.validation_code)
        cls.Parachains.put(tuple(parachains))

    # -- Initialization

    @classmethod
    def initializer_initialize(cls, now: int) -> int:
        """Prune the past code whose acceptance period is over."""
        cls.prune_old_code(now)
        return 0

    @classmethod
    def prune_old_code(cls, now: int) -> None:
        """Drop the code replaced by upgrades enacted at or before ``now - (acceptance_period + 1)``."""
        period = cls.Configuration.config().acceptance_period
        if now <= period:
            return
        height = now - (period + 1)
        pruning = cls.PastCodePruning.get()
        n = bisect.bisect_right([at for _, at in pruning], height)
        if n == 0:
            return
        rest = pruning[n:]
        if rest:
            cls.PastCodePruning.put(rest)
        else:
            cls.PastCodePruning.kill()
        for para in dict.fromkeys(p for p, _ in pruning[:n]):
            meta, pruned = cls.PastCodeMeta.get(para).prune_up_to(height)
            for expected_at in pruned:
                cls.PastCode.remove((para, expected_at))
            if not meta.upgrade_times and not cls.Heads.contains_key(para):
                cls.PastCodeMeta.remove(para)
            else:
                cls.PastCodeMeta.insert(para, meta)

    # -- Session Change

    @classmethod
    def initializer_on_new_session(cls, notification: SessionChangeNotification) -> None:
        """Remove the outgoing paras (keeping their code as past code), then register the upcoming ones."""
        now = System.block_number()
        parachains = cls.Parachains.get()
        for para in cls.OutgoingParas.take():
            without = _sorted.removed(parachains, para)
            if without is not None:
                parachains = without
            else:
                cls.Parathreads.remove(para)
            cls.Heads.remove(para)
            cls.FutureCodeUpgrades.remove(para)
            cls.FutureCode.remove(para)
            code = cls.ValidationCode.take(para)
            if code is not None:
                cls.note_past_code(para, now, now, code)
        for para in cls.UpcomingParas.take():
            args = cls.UpcomingParasGenesis.take(para)
            if args is None:
                continue
            if args.parachain:
                parachains = _sorted.inserted(parachains, para) or parachains
            else:
                cls.Parathreads.insert(para, ())
            cls.Heads.insert(para, args.genesis_head)
            cls.ValidationCode.insert(para, args.validation_code)
        cls.Parachains.put(parachains)

    # -- Routines: queries

    @classmethod
    def parachains(cls) -> list[ParaId]:
        """The registered parachains, sorted ascending."""
        return list(cls.Parachains.get())

    @classmethod
    def is_parachain(cls, para: int) -> bool:
        return _sorted.contains(cls.Parachains.get(), para)

    @classmethod
    def is_parathread(cls, para: int) -> bool:
        return cls.Parathreads.contains_key(para)

    @classmethod
    def is_valid_para(cls, para: int) -> bool:
        """Whether the para is registered (a parachain or a parathread) right now."""
        return cls.is_parachain(para) or cls.is_parathread(para)

    @classmethod
    def head(cls, para: int) -> HeadData | None:
        return cls.Heads.get(para)

    @classmethod
    def current_code(cls, para: int) -> Code | None:
        return cls.ValidationCode.get(para)

    @classmethod
    def last_code_upgrade(cls, para: int, include_future: bool) -> int | None:
        """The expected_at of the planned upgrade (if `include_future`), else of the latest one on record, else of
        the latest one pruned. (The 2020 code forgot pruned upgrades, so an acceptance period shorter than the
        upgrade frequency let a para upgrade again too early.)"""
        if include_future:
            planned = cls.FutureCodeUpgrades.get(para)
            if planned is not None:
                return planned
        meta = cls.PastCodeMeta.get(para)
        recent = meta.most_recent_change()
        return recent if recent is not None else meta.last_pruned

    @classmethod
    def validation_code_at(cls, para: int, at: int, assume_intermediate: int | None = None) -> Code | None:
        """The code that validates the para in the context of relay parent `at`, or None (pruned or unknown).

        With `assume_intermediate`, as if a parablock had been enacted in that context (which must be before
        `at`): a planned upgrade due by then counts as applied.
        """
        if assume_intermediate is not None:
            if at <= assume_intermediate:
                return None
            planned = cls.FutureCodeUpgrades.get(para)
            if planned is not None and planned <= assume_intermediate:
                return cls.FutureCode.get(para)
        use = cls.PastCodeMeta.get(para).code_at(at)
        if use is None:
            return None
        if isinstance(use, UseCodeAtReplacedAt):
            return cls.PastCode.get((para, use.value))
        return cls.ValidationCode.get(para)

    @classmethod
    def local_validation_data(cls, para: int) -> LocalValidationData | None:
        """The para's validation data for a candidate whose relay parent is the parent block (None if unknown)."""
        head = cls.Heads.get(para)
        if head is None:
            return None
        config = cls.Configuration.config()
        rpn = max(System.block_number() - 1, 0)
        last = cls.last_code_upgrade(para, True)
        can_upgrade = last is None or (last <= rpn and rpn - last >= config.validation_upgrade_frequency)
        allowed = rpn + config.validation_upgrade_delay if can_upgrade else None
        return LocalValidationData(parent_head=head, balance=0, code_upgrade_allowed=allowed)

    # -- Routines: changes

    @classmethod
    def schedule_para_initialize(cls, para: ParaId, args: ParaGenesisArgs) -> None:
        """Register the para at the next session. A para already upcoming keeps its first genesis arguments."""
        upcoming = _sorted.inserted(cls.UpcomingParas.get(), para)
        if upcoming is not None:
            cls.UpcomingParas.put(upcoming)
            cls.UpcomingParasGenesis.insert(para, args)

    @classmethod
    def schedule_para_cleanup(cls, para: ParaId) -> None:
        """Remove the para at the next session: an upcoming one is simply not registered; a registered one is
        cleaned up (its code becomes past code)."""
        upcoming = _sorted.removed(cls.UpcomingParas.get(), para)
        if upcoming is not None:
            cls.UpcomingParas.put(upcoming)
            cls.UpcomingParasGenesis.remove(para)
        outgoing = _sorted.inserted(cls.OutgoingParas.get(), para) if cls.is_valid_para(para) else None
        if outgoing is not None:
            cls.OutgoingParas.put(outgoing)

    @classmethod
    def schedule_code_upgrade(cls, para: ParaId, code: Code, expected_at: int) -> None:
        """Plan an upgrade to `code` from relay parent `expected_at` on. A no-op if one is already planned."""
        if cls.FutureCodeUpgrades.contains_key(para):
            return
        cls.FutureCodeUpgrades.insert(para, expected_at)
        cls.FutureCode.insert(para, code)

    @classmethod
    def note_new_head(cls, para: ParaId, head: HeadData, execution_context: int) -> None:
        """The para's new head, from a parablock executed at relay parent `execution_context`; this applies a
        planned upgrade that is due by then (the replaced code becomes past code, enacted now)."""
        cls.Heads.insert(para, head)
        expected_at = cls.FutureCodeUpgrades.get(para)
        if expected_at is None or expected_at > execution_context:
            return
        cls.FutureCodeUpgrades.remove(para)
        new_code = cls.FutureCode.take(para) or Code(b"")
        prior = cls.ValidationCode.get(para) or Code(b"")
        cls.ValidationCode.insert(para, new_code)
        cls.note_past_code(para, expected_at, System.block_number(), prior)

    @classmethod
    def note_past_code(cls, para: ParaId, expected_at: int, activated_at: int, old_code: Code) -> None:
        """Keep `old_code` (valid up to relay parent `expected_at`) until pruning, which counts from `activated_at`."""
        cls.PastCodeMeta.insert(para, cls.PastCodeMeta.get(para).note_replacement(expected_at, activated_at))
        cls.PastCode.insert((para, expected_at), old_code)
        pruning = list(cls.PastCodePruning.get())
        i = bisect.bisect_right([at for _, at in pruning], activated_at)
        pruning.insert(i, (para, activated_at))
        cls.PastCodePruning.put(tuple(pruning))

    # -- Entry points

    @classmethod
    def check_genesis_args(cls, para: ParaId, args: ParaGenesisArgs) -> None:
        """Raise EmptyValidationCode, CodeTooLarge or HeadDataTooLarge unless the para can start as given."""
        config = cls.Configuration.config()
        if not args.validation_code:
            raise EmptyValidationCode(f"para {para}")
        if len(args.validation_code) > config.max_code_size:
            raise CodeTooLarge(f"para {para}: {len(args.validation_code)} > {config.max_code_size} bytes")
        if len(args.genesis_head) > config.max_head_data_size:
            raise HeadDataTooLarge(f"para {para}: {len(args.genesis_head)} > {config.max_head_data_size} bytes")

    @call(0, weight=lambda id, args: weights.register_para(len(args.validation_code), len(args.genesis_head), u=100))
    def register_para(cls, origin: Origin, id: ParaId, args: ParaGenesisArgs) -> None:
        """Register a parachain or parathread at the next session, with its genesis head and code."""
        ensure_root(origin)
        if cls.is_valid_para(id):
            raise AlreadyRegistered(f"para {id}")
        if _sorted.contains(cls.UpcomingParas.get(), id):
            raise AlreadyScheduled(f"para {id}")
        cls.check_genesis_args(id, args)
        cls.schedule_para_initialize(id, args)

    @call(1, weight=lambda id: weights.deregister_para())
    def deregister_para(cls, origin: Origin, id: ParaId) -> None:
        """Remove a para at the next session (or cancel a registration that has not happened yet)."""
        ensure_root(origin)
        if _sorted.contains(cls.OutgoingParas.get(), id):
            raise AlreadyOutgoing(f"para {id}")
        if not cls.is_valid_para(id) and not _sorted.contains(cls.UpcomingParas.get(), id):
            raise NotRegistered(f"para {id}")
        cls.schedule_para_cleanup(id)

    # -- Finalization

    @classmethod
    def initializer_finalize(cls) -> None:
        """No finalization (the guide)."""
