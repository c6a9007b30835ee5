"""Balances: free, reserved and frozen balances kept in System.Account, the existential deposit and the issuance
(pallet_balances with ``AccountStore = System``, reference §1).

Calls take accounts as `MultiAddress` (``Id`` resolves; call builders accept raw bytes, SS58 or a keypair).
Other pallets use the Currency subset below (`reserve`, `unreserve`, `set_lock`, `remove_lock`, `transfer`,
`deposit_creating`, `withdraw` and the balance getters); every change goes through `_account.mutate_account`.
"""

from __future__ import annotations

from frame.account import AccountData
from frame.dispatch import Origin, ensure_root, ensure_signed, lookup
from frame.pallet import Pallet, call, constant
from frame.storage import StorageMap, StorageValue
from frame.storage_query import ValueQuery
from frame.system import AccountId, System
from pallets.balances import _genesis, errors, events, weights
from pallets.balances._account import mutate_account, transactional
from pallets.balances.errors import (
    Error,
    ExistentialDeposit,
    Expendability,
    InsufficientBalance,
    LiquidityRestrictions,
)
from pallets.balances.types import BalanceLock, MultiAddress, Reasons
from primitives.bounded import bounded_vec
from primitives.hashing import Hasher
from primitives.types import U32, U128, Compact128, evolve

#: The built-in runtimes' existential deposit: 1 milli-UNIT (12 decimals).
EXISTENTIAL_DEPOSIT = 10**9
#: The most locks an account may have (the MaxLocks constant and the bound of Locks, FRAME's default 50).
MAX_LOCKS = 50


class Balances(Pallet):
    """pallet_balances."""

    Error = Error
    Event = events.Event
    GenesisConfig = _genesis.GenesisConfig
    storage_version = 1

    ExistentialDeposit = constant(
        U128, EXISTENTIAL_DEPOSIT, "The least free balance an account may hold; below it the account is reaped."
    )
    MaxLocks = constant(U32, MAX_LOCKS, "The most locks an account may have.")
    MaxReserves = constant(U32, 50, "The most named reserves an account may have (named reserves are not kept).")

    # -- Storage

    TotalIssuance = StorageValue(
        U128, default=0, doc="The total units issued. Invariant: the sum of every account's free + reserved."
    )
    InactiveIssuance = StorageValue(U128, default=0, doc="The issuance not counted as active. Invariant: <= total.")
    # at most MaxLocks (set_lock refuses more), as FRAME's WeakBoundedVec<BalanceLock, MaxLocks>
    Locks = StorageMap(Hasher.Blake2_128Concat, AccountId, bounded_vec(BalanceLock, MAX_LOCKS), query=ValueQuery,
                       doc="An account's locks. Invariant: the account's frozen is the largest amount; no empty "
                           "entries.")  # fmt: skip

    # -- Genesis

    @classmethod
    def genesis_build(cls, config: _genesis.GenesisConfig) -> None:
        _genesis.build(cls, config)

    # -- Routines: the Currency subset other pallets use

    @classmethod
    def free_balance(cls, who: bytes) -> int:
        return int(System.account_data(who).free)

    @classmethod
    def reserved_balance(cls, who: bytes) -> int:
        return int(System.account_data(who).reserved)

    @classmethod
    def total_balance(cls, who: bytes) -> int:
        return int(System.account_data(who).total)

    @classmethod
    def total_issuance(cls) -> int:
        return int(cls.TotalIssuance.get())

    @classmethod
    def reducible_balance(cls, who: bytes, keep_alive: bool) -> int:
        """What `who` can transfer: free minus what locks keep (reserves count toward locks), and minus ED if
        the account must stay alive (keep_alive, or consumers on its only provider)."""
        info = System.Account.get(who)
        untouchable = max(0, info.data.frozen - info.data.reserved)
        if keep_alive or (info.consumers > 0 and info.providers <= 1):
            untouchable = max(untouchable, cls.ExistentialDeposit)
        return max(0, info.data.free - untouchable)

    @classmethod
    def _debit(cls, who: bytes, amount: int, keep_alive: bool) -> None:
        """Take `amount` off `who`'s free balance (InsufficientBalance, LiquidityRestrictions, Expendability)."""
        info = System.Account.get(who)
        data = info.data
        if amount > data.free:
            raise InsufficientBalance(f"0x{who.hex()} has {data.free} free, needs {amount}")
        left = data.free - amount
        if left < data.frozen - data.reserved:
            raise LiquidityRestrictions(f"0x{who.hex()}: {left} left, {data.frozen} frozen")
        dies = left < cls.ExistentialDeposit
        if dies and (keep_alive or (info.consumers > 0 and info.providers <= 1 and data.reserved == 0)):
            raise Expendability(f"0x{who.hex()} would keep {left} < ExistentialDeposit {cls.ExistentialDeposit}")
        mutate_account(cls, who, lambda d: evolve(d, free=d.free - amount))

    @classmethod
    def _credit(cls, who: bytes, amount: int) -> None:
        """Add `amount` to `who`'s free balance (ExistentialDeposit if that would create it below ED)."""
        data = System.account_data(who)
        if data == AccountData() and amount < cls.ExistentialDeposit:
            raise ExistentialDeposit(f"{amount} < {cls.ExistentialDeposit} would create 0x{who.hex()}")
        mutate_account(cls, who, lambda d: evolve(d, free=d.free + amount))

    @classmethod
    def transfer(cls, source: bytes, dest: bytes, amount: int, keep_alive: bool = False) -> None:
        """Move `amount` of free balance; the source may be reaped unless `keep_alive`. Emits Transfer."""
        if amount == 0 or source == dest:
            return
        with transactional():
            cls._debit(source, amount, keep_alive)
            cls._credit(dest, amount)
            cls.deposit_event(events.Transfer(source, dest, amount))

    @classmethod
    def deposit_creating(cls, who: bytes, amount: int) -> None:
        """Mint `amount` into `who` (TotalIssuance rises). Emits Deposit."""
        with transactional():
            cls._credit(who, amount)
            cls.TotalIssuance.put(cls.TotalIssuance.get() + amount)
            cls.deposit_event(events.Deposit(who, amount))

    @classmethod
    def withdraw(cls, who: bytes, amount: int, keep_alive: bool = True) -> None:
        """Burn `amount` of `who`'s free balance (TotalIssuance falls). Emits Withdraw."""
        with transactional():
            cls._debit(who, amount, keep_alive)
            cls.TotalIssuance.put(cls.TotalIssuance.get() - amount)
            cls.deposit_event(events.Withdraw(who, amount))

    @classmethod
    def reserve(cls, who: bytes, amount: int) -> None:
        """Move `amount` from free to reserved (InsufficientBalance, LiquidityRestrictions). Emits Reserved."""
        if amount == 0:
            return
        data = System.account_data(who)
        if amount > data.free:
            raise InsufficientBalance(f"0x{who.hex()} has {data.free} free, reserving {amount}")
        if data.free - amount < data.frozen:
            raise LiquidityRestrictions(f"0x{who.hex()}: reserving {amount} would go below {data.frozen} frozen")
        with transactional():
            mutate_account(cls, who, lambda d: evolve(d, free=d.free - amount, reserved=d.reserved + amount))
            cls.deposit_event(events.Reserved(who, amount))

    @classmethod
    def unreserve(cls, who: bytes, amount: int) -> int:
        """Move up to `amount` from reserved back to free; returns what could not be unreserved. Emits
        Unreserved with the amount moved (if any)."""
        moved = min(amount, System.account_data(who).reserved)
        if moved:
            with transactional():
                mutate_account(cls, who, lambda d: evolve(d, free=d.free + moved, reserved=d.reserved - moved))
                cls.deposit_event(events.Unreserved(who, moved))
        return amount - moved

    @classmethod
    def set_lock(cls, lock_id: bytes, who: bytes, amount: int, reasons: Reasons = Reasons.All) -> None:
        """Lock `amount` of `who`'s balance under `lock_id` (replacing that lock; 0 removes it). Emits
        Locked/Unlocked with the change of frozen."""
        if amount == 0:
            cls.remove_lock(lock_id, who)
            return
        locks = [lk for lk in cls.Locks.get(who) if lk.id != lock_id] + [BalanceLock(lock_id, amount, reasons)]
        if len(locks) > cls.MaxLocks:
            raise errors.TooManyFreezes(f"0x{who.hex()} would have {len(locks)} locks > MaxLocks {cls.MaxLocks}")
        cls._update_locks(who, locks)

    @classmethod
    def remove_lock(cls, lock_id: bytes, who: bytes) -> None:
        """Remove the lock `lock_id` from `who` (nothing if there is none)."""
        cls._update_locks(who, [lk for lk in cls.Locks.get(who) if lk.id != lock_id])

    @classmethod
    def _update_locks(cls, who: bytes, locks: list[BalanceLock]) -> None:
        frozen = max((lk.amount for lk in locks), default=0)
        with transactional():
            before = mutate_account(cls, who, lambda d: d).frozen
            mutate_account(cls, who, lambda d: evolve(d, frozen=frozen))
            if locks:
                cls.Locks.insert(who, locks)
            else:
                cls.Locks.remove(who)
            if frozen > before:
                cls.deposit_event(events.Locked(who, frozen - before))
            elif frozen < before:
                cls.deposit_event(events.Unlocked(who, before - frozen))

    # -- Entry points

    @call(0, weight=lambda dest, value: weights.transfer_allow_death())
    def transfer_allow_death(cls, origin: Origin, dest: MultiAddress, value: Compact128) -> None:
        """Transfer `value` free balance to `dest`; the sender may be reaped (its dust lost)."""
        source = ensure_signed(origin)
        cls.transfer(source, lookup(dest), value, keep_alive=False)

    @call(2, weight=lambda source, dest, value: weights.force_transfer())
    def force_transfer(cls, origin: Origin, source: MultiAddress, dest: MultiAddress, value: Compact128) -> None:
        """Root: transfer `value` from `source` to `dest` (the source may be reaped)."""
        ensure_root(origin)
        cls.transfer(lookup(source), lookup(dest), value, keep_alive=False)

    @call(3, weight=lambda dest, value: weights.transfer_keep_alive())
    def transfer_keep_alive(cls, origin: Origin, dest: MultiAddress, value: Compact128) -> None:
        """Transfer `value` to `dest`, refused (Expendability) if the sender would go below ExistentialDeposit."""
        source = ensure_signed(origin)
        cls.transfer(source, lookup(dest), value, keep_alive=True)

    @call(4, weight=lambda dest, keep_alive: weights.transfer_all())
    def transfer_all(cls, origin: Origin, dest: MultiAddress, keep_alive: bool) -> None:
        """Transfer all that can be transferred (`reducible_balance`) to `dest`."""
        source = ensure_signed(origin)
        cls.transfer(source, lookup(dest), cls.reducible_balance(source, keep_alive), keep_alive)

    @call(5, weight=lambda who, amount: weights.force_unreserve())
    def force_unreserve(cls, origin: Origin, who: MultiAddress, amount: U128) -> None:
        """Root: unreserve up to `amount` of `who`'s reserved balance."""
        ensure_root(origin)
        cls.unreserve(lookup(who), amount)

    @call(8, weight=lambda who, new_free: weights.force_set_balance())
    def force_set_balance(cls, origin: Origin, who: MultiAddress, new_free: Compact128) -> None:
        """Root: set `who`'s free balance (below ExistentialDeposit means 0); TotalIssuance follows exactly."""
        ensure_root(origin)
        account = lookup(who)
        free = 0 if new_free < cls.ExistentialDeposit else new_free
        old = System.account_data(account).free
        mutate_account(cls, account, lambda d: evolve(d, free=free))
        cls.TotalIssuance.put(cls.TotalIssuance.get() + free - old)
        cls.deposit_event(events.BalanceSet(account, free))

    @call(10, weight=lambda value, keep_alive: weights.burn())
    def burn(cls, origin: Origin, value: Compact128, keep_alive: bool) -> None:
        """Burn `value` of the sender's free balance (TotalIssuance falls). Emits Burned."""
        who = ensure_signed(origin)
        with transactional():
            cls._debit(who, value, keep_alive)
            cls.TotalIssuance.put(cls.TotalIssuance.get() - value)
            cls.deposit_event(events.Burned(who, value))

    # -- try-runtime

    @classmethod
    def try_state(cls, now: int) -> None:
        """TotalIssuance is the sum of free + reserved over System.Account; InactiveIssuance <= TotalIssuance."""
        total = sum(info.data.total for _, info in System.Account.iter())
        if total != cls.TotalIssuance.get():
            raise AssertionError(f"TotalIssuance {cls.TotalIssuance.get()} != sum of balances {total}")
        if cls.InactiveIssuance.get() > cls.TotalIssuance.get():
            raise AssertionError("InactiveIssuance > TotalIssuance")


__all__ = ["EXISTENTIAL_DEPOSIT", "Balances"]
