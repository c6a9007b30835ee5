"""Balances (pallet_balances, reference §1): the account layout clients decode, FRAME's indexes, the existential
deposit and reaping, keep-alive, force_set_balance and the issuance, reserves and locks, genesis checks."""

from __future__ import annotations

import pytest

from frame import ROOT, Signed
from frame.account import AccountData, AccountInfo
from frame.dispatch import CannotLookupError, ConsumerRemaining, ModuleError
from frame.genesis import GenesisConfigError
from frame.system import KilledAccount, NewAccount, System
from pallets.balances import Balances, events
from pallets.balances import errors as err
from pallets.balances.types import Reasons
from primitives.multiaddress import Address32, Id
from tests.pallets._balances_env import (
    ALICE,
    BOB,
    CHARLIE,
    DAVE,
    ED,
    RICH,
    BalancesRuntime,
    genesis,
    new_chain,
    next_block,
)
from tests.pallets._balances_env import events as evs

#: reference §9: AccountInfo{providers 1, free 10^12, new flags}, as scalecodec agrees
ACCOUNT_INFO_HEX = ("00000000" "00000000" "01000000" "00000000" "0010a5d4e80000000000000000000000" + "00" * 32
                    + "00000000000000000000000000000080")  # fmt: skip
#: reference §9: Balances(index 10).transfer_allow_death(Id(Bob), 10^12)
TRANSFER_CALL_HEX = "0a00008eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48070010a5d4e8"


def module_error(index: int) -> ModuleError:
    return err.Error.members[index]().to_dispatch_error(BalancesRuntime)


# -- layout and indexes


def test_account_info_is_substrates_80_bytes():
    info = AccountInfo(providers=1, data=AccountData(free=10**12))
    assert info.SCALE.encode(info).hex() == ACCOUNT_INFO_HEX and len(ACCOUNT_INFO_HEX) == 160
    assert AccountData().flags == 1 << 127


def test_system_account_decodes_with_py_scale_codec_from_the_metadata():
    from scalecodec.base import ScaleBytes

    from tests.frame.test_metadata_v14 import decoded, types_of

    chain = new_chain()
    rc, md = decoded(BalancesRuntime)
    with chain.reading() as st:
        raw = st.get(System.Account.key(BOB.public_key))
    assert raw is not None and len(raw) == 80
    sf = md.get_metadata_pallet("System").get_storage_function("Account")
    obj = rc.create_scale_object(sf.get_value_type_string(), data=ScaleBytes(bytearray(raw)), metadata=md)
    assert obj.decode() == {"nonce": 0, "consumers": 0, "providers": 1, "sufficients": 0,
                            "data": {"free": 100 * ED, "reserved": 0, "frozen": 0, "flags": 1 << 127}}  # fmt: skip
    types = {"::".join(t["path"]) for t in types_of(md) if t["path"]}
    assert "pallet_balances::types::AccountData" in types


def test_indexes_are_frames():
    assert {n: d.index for n, d in Balances.call_defs.items()} == {
        "transfer_allow_death": 0, "force_transfer": 2, "transfer_keep_alive": 3, "transfer_all": 4,
        "force_unreserve": 5, "force_set_balance": 8, "burn": 10}  # fmt: skip
    names = ["Endowed", "DustLost", "Transfer", "BalanceSet", "Reserved", "Unreserved", "ReserveRepatriated",
             "Deposit", "Withdraw", "Slashed", "Minted", "Burned", "Suspended", "Restored", "Upgraded", "Issued",
             "Rescinded", "Locked", "Unlocked", "Frozen", "Thawed", "TotalIssuanceForced"]  # fmt: skip
    assert [getattr(events, n).INDEX for n in names] == list(range(22))
    errors = ["VestingBalance", "LiquidityRestrictions", "InsufficientBalance", "ExistentialDeposit", "Expendability",
              "ExistingVestingSchedule", "DeadAccount", "TooManyReserves", "TooManyHolds", "TooManyFreezes",
              "IssuanceDeactivated", "DeltaZero"]  # fmt: skip
    assert [getattr(err, n).index for n in errors] == list(range(12))
    assert (NewAccount.INDEX, KilledAccount.INDEX) == (3, 4)
    assert Balances.TotalIssuance.key().hex() == "c2261276cc9d1f8598ea4b6a74b15c2f57c875e4cff74148e4628f264b974c80"
    assert Balances.InactiveIssuance.key().hex() == "c2261276cc9d1f8598ea4b6a74b15c2f1ccde6872881f893a21de93dfe970cd5"


def test_transfer_call_encodes_as_substrates():
    from frame import io
    from frame.backend import MemoryBackend
    from frame.state import OverlayedState

    with io.using(OverlayedState(MemoryBackend()), BalancesRuntime):
        call = Balances.tx.transfer_allow_death(BOB.ss58_address, 10**12)  # SS58 becomes MultiAddress::Id
        assert BalancesRuntime.encode_call(call).hex() == TRANSFER_CALL_HEX
        assert call.args[0] == Id(BOB.public_key)


# -- genesis


def test_genesis_endows_and_counts_the_issuance():
    chain = new_chain()
    with chain.reading():
        assert Balances.total_issuance() == RICH + 100 * ED + 2 * ED + 5
        info = System.Account.get(DAVE.public_key)
        assert (info.providers, info.nonce, info.data.free) == (1, 0, 2 * ED + 5)


@pytest.mark.parametrize("balances, message", [
    ([[BOB.ss58_address, ED - 1]], "ExistentialDeposit"),
    ([[BOB.ss58_address, ED], ["0x" + BOB.public_key.hex(), ED]], "given twice"),
])  # fmt: skip
def test_genesis_refuses_below_ed_and_duplicates(balances, message):
    with pytest.raises(GenesisConfigError, match=message):
        new_chain({"balances": {"balances": balances}})


# -- transfers, the existential deposit and reaping


def test_transfer_that_leaves_dust_reaps_the_sender():
    chain = new_chain()
    issuance = 10**18 + 102 * ED + 5
    x = chain.sign(Balances.tx.transfer_allow_death(CHARLIE, 2 * ED), DAVE)
    chain.import_block(chain.build_block(extrinsics=[x]).block)
    with chain.reading():
        assert not System.Account.contains_key(DAVE.public_key)  # the whole entry, nonce included
        assert System.Account.get(CHARLIE.public_key).data.free == 2 * ED
        assert Balances.total_issuance() == issuance - 5  # the dust is lost
        got = [(r.event.pallet, r.event.event) for r in System.events()][1:-1]  # after the inherent, before Success
    dave, charlie = DAVE.public_key, CHARLIE.public_key
    assert got == [("System", KilledAccount(dave)), ("Balances", events.DustLost(dave, 5)),
                   ("System", NewAccount(charlie)), ("Balances", events.Endowed(charlie, 2 * ED)),
                   ("Balances", events.Transfer(dave, charlie, 2 * ED))]  # fmt: skip
    assert chain.nonce(DAVE.public_key) == 0


def test_keep_alive_refuses_to_kill_and_new_accounts_need_the_deposit():
    chain = new_chain()
    with next_block(chain):
        rt = BalancesRuntime
        assert rt.dispatch(Balances.tx.transfer_keep_alive(CHARLIE, 2 * ED), Signed(DAVE.public_key)) == module_error(
            4
        )  # Expendability
        assert rt.dispatch(Balances.tx.transfer_allow_death(CHARLIE, ED - 1), Signed(BOB.public_key)) == module_error(
            3
        )  # ExistentialDeposit
        assert rt.dispatch(Balances.tx.transfer_allow_death(CHARLIE, 10**19), Signed(BOB.public_key)) == module_error(
            2
        )  # InsufficientBalance
        assert rt.dispatch(Balances.tx.transfer_keep_alive(CHARLIE, ED + 5), Signed(DAVE.public_key)) is None
        assert Balances.free_balance(DAVE.public_key) == ED and evs("Balances")[-1] == events.Transfer(
            DAVE.public_key, CHARLIE.public_key, ED + 5
        )
        assert (
            rt.dispatch(Balances.tx.transfer_allow_death(Address32(bytes(32)), ED), Signed(BOB.public_key))
            == CannotLookupError()
        )


def test_transfer_all_keeps_the_deposit_only_when_asked():
    chain = new_chain()
    with next_block(chain):
        Balances.transfer_all(Signed(DAVE.public_key), Id(CHARLIE.public_key), True)
        assert Balances.free_balance(DAVE.public_key) == ED
        Balances.transfer_all(Signed(DAVE.public_key), Id(CHARLIE.public_key), False)
        assert not System.account_exists(DAVE.public_key)
        assert Balances.free_balance(CHARLIE.public_key) == 2 * ED + 5


def test_force_set_balance_keeps_the_issuance_exact():
    chain = new_chain()
    with next_block(chain):
        before = Balances.total_issuance()
        Balances.force_set_balance(ROOT, Id(BOB.public_key), 7 * ED + 3)
        assert Balances.total_issuance() == before - 100 * ED + 7 * ED + 3
        assert evs("Balances")[-1] == events.BalanceSet(BOB.public_key, 7 * ED + 3)
        Balances.force_set_balance(ROOT, Id(DAVE.public_key), ED - 1)  # below ED means 0: reaped, no dust
        assert not System.account_exists(DAVE.public_key) and evs("Balances")[-1] == events.BalanceSet(
            DAVE.public_key, 0
        )
        assert Balances.total_issuance() == before - 100 * ED + 7 * ED + 3 - (2 * ED + 5)
        Balances.force_set_balance(ROOT, Id(CHARLIE.public_key), 3 * ED)
        assert evs()[-3:] == [NewAccount(CHARLIE.public_key), events.Endowed(CHARLIE.public_key, 3 * ED),
                              events.BalanceSet(CHARLIE.public_key, 3 * ED)]  # fmt: skip
        Balances.try_state(1)
    with next_block(chain):
        assert BalancesRuntime.dispatch(Balances.tx.force_set_balance(BOB, 1), Signed(ALICE.public_key)) is not None


def test_burn_lowers_the_issuance():
    chain = new_chain()
    with next_block(chain):
        before = Balances.total_issuance()
        Balances.burn(Signed(BOB.public_key), 10 * ED, True)
        assert Balances.total_issuance() == before - 10 * ED and evs("Balances")[-1] == events.Burned(
            BOB.public_key, 10 * ED
        )


# -- the Currency subset: reserves and locks


def test_reserve_and_unreserve():
    chain = new_chain()
    bob = BOB.public_key
    with next_block(chain):
        Balances.reserve(bob, 30 * ED)
        info = System.Account.get(bob)
        assert (info.data.free, info.data.reserved, info.consumers) == (70 * ED, 30 * ED, 1)
        assert evs("Balances")[-1] == events.Reserved(bob, 30 * ED)
        with pytest.raises(err.InsufficientBalance):
            Balances.reserve(bob, 71 * ED)
        assert Balances.unreserve(bob, 10 * ED) == 0 and evs("Balances")[-1] == events.Unreserved(bob, 10 * ED)
        BalancesRuntime.dispatch(Balances.tx.force_unreserve(bob, 25 * ED), ROOT)  # only 20 are left reserved
        info = System.Account.get(bob)
        assert (info.data.free, info.data.reserved, info.consumers) == (100 * ED, 0, 0)
        assert Balances.unreserve(bob, 5) == 5
        Balances.try_state(1)


def test_locks_freeze_funds_until_removed():
    chain = new_chain()
    bob, lock = BOB.public_key, b"staking "
    with next_block(chain):
        Balances.set_lock(lock, bob, 60 * ED, Reasons.All)
        assert System.account_data(bob).frozen == 60 * ED and evs("Balances")[-1] == events.Locked(bob, 60 * ED)
        with pytest.raises(err.LiquidityRestrictions):
            Balances.transfer(bob, ALICE.public_key, 50 * ED)
        assert Balances.reducible_balance(bob, keep_alive=False) == 40 * ED
        Balances.set_lock(lock, bob, 20 * ED)
        assert evs("Balances")[-1] == events.Unlocked(bob, 40 * ED)
        Balances.remove_lock(lock, bob)
        assert System.account_data(bob).frozen == 0 and not Balances.Locks.contains_key(bob)
        Balances.transfer(bob, ALICE.public_key, 50 * ED)
        assert System.Account.get(bob).consumers == 0


def test_a_failed_routine_leaves_nothing_behind():
    chain = new_chain()
    with next_block(chain):
        before = System.Account.get(DAVE.public_key)
        with pytest.raises(ConsumerRemaining):
            Balances.reserve(DAVE.public_key, 2 * ED)  # the provider would go while the reserve consumes
        assert System.Account.get(DAVE.public_key) == before


def test_dev_genesis_endows_the_dev_accounts():
    from runtime.example import DEV_ENDOWMENT, ExampleRuntime, dev_genesis

    chain = new_chain(dict(genesis(), balances=dev_genesis()["balances"]))
    with chain.reading():
        assert Balances.free_balance(ALICE.public_key) == DEV_ENDOWMENT == 1 << 60
    assert "balances" in ExampleRuntime.presets["local"]()
