"""The parachain test harness: a test runtime of the parachain-host pallets, built from a genesis, and a `TestNet`
that advances it block by block (with or without a session change). Scenario builders are shared by tests and
benchmarks.

- `FullRuntime` composes every pallet in the contract's order (System, Session, Sudo, Configuration, Paras,
  Scheduler, Inclusion, InclusionInherent, Validity, Initializer); each of its blocks carries the inclusion
  inherent (`empty_inclusion_inherent()` unless the test gives one).
- `ParasRuntime` is the same without Scheduler, Inclusion, InclusionInherent and Validity, for tests of
  Configuration, Session, Paras and Initializer alone (the Initializer drives the parachain pallets the runtime has).

Validators are `candidates.validator_key(i)` (//Alice, //Bob ... then //Validator<i>); paras start with the adder's
genesis head and a few bytes of code; Alice holds the sudo key and, in a runtime with Balances, is endowed (`endowed`:
TransactionPayment charges her extrinsics).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import attrs

from frame import io
from frame.block import Header
from frame.chain import Chain
from frame.dispatch import DispatchError, PalletError
from frame.extrinsic import Extrinsic
from frame.genesis import camel
from frame.pallet import Call
from frame.runtime import Runtime, construct_runtime
from frame.state import OverlayedState
from frame.system import System
from frame.try_runtime import run_try_state
from pallets.balances import Balances
from pallets.configuration import Configuration
from pallets.inclusion_inherent import InclusionInherent
from pallets.initializer import Initializer
from pallets.paras import Paras
from pallets.session import Session
from pallets.sudo import Sudid, Sudo
from parachains.adder import GENESIS_HEAD, AdderHead, hash_state
from primitives.crypto import dev_keypair
from primitives.parachain import HeadData, HostConfiguration, ParaGenesisArgs, ParaId, ValidationCode, ValidatorId
from primitives.scale import Err
from runtime.parachain import ParachainRuntime
from runtime.parachain_presets import DEV_ENDOWMENT
from tests.harness.candidates import validator_key, validator_keys

ALICE = dev_keypair("Alice")

#: The parachain-host runtime itself (runtime/parachain.py), in the contract's order.
FullRuntime = ParachainRuntime
#: The pallets this harness's owner wrote, alone (same indexes as in FullRuntime).
ParasRuntime = construct_runtime("ParasTest", [
    (0, System), (1, Session), (2, Sudo), (3, Configuration), (4, Paras), (9, Initializer),
])  # fmt: skip

#: A configuration for tests: small limits, no rotation, availability periods of a few blocks.
TEST_CONFIG = HostConfiguration(
    validation_upgrade_frequency=10,
    validation_upgrade_delay=5,
    acceptance_period=4,
    max_code_size=1024,
    max_head_data_size=256,
    parathread_cores=1,
    parathread_retries=2,
    parachain_rotation_frequency=0,
    chain_availability_period=3,
    thread_availability_period=3,
    scheduling_lookahead=2,
)

# ---------------------------------------------------------------------------------------------
# Genesis


def validator_ids(n: int) -> list[ValidatorId]:
    """The public keys of validators 0..n-1."""
    return [ValidatorId(k.public_key) for k in validator_keys(n)]


def adder_head(number: int = 0, state: int = 0) -> HeadData:
    """An adder head: the genesis head for number 0, else a head whose post_state is ``hash_state(state)``."""
    if number == 0 and state == 0:
        return HeadData(GENESIS_HEAD.encode())
    return HeadData(AdderHead(number, bytes(32), hash_state(state)).encode())


def para_code(para: int, version: int = 0, size: int = 32) -> ValidationCode:
    """Some validation code bytes for a para (a Wasm magic, then bytes that differ per para and version)."""
    body = f"para {para} code v{version} ".encode()
    return ValidationCode((b"\0asm\x01\0\0\0" + body * (size // len(body) + 1))[:size])


def para_args(para: int, parachain: bool = True, head: bytes | None = None,
              code: bytes | None = None) -> ParaGenesisArgs:  # fmt: skip
    """Genesis arguments of a test para (adder genesis head, `para_code(para)` unless given)."""
    return ParaGenesisArgs(HeadData(adder_head() if head is None else head),
                           ValidationCode(para_code(para) if code is None else code), parachain)  # fmt: skip


def para_json(para: int, args: ParaGenesisArgs) -> list[Any]:
    """One entry of the Paras genesis config in JSON form."""
    return [int(para), {"genesisHead": "0x" + args.genesis_head.hex(),
                        "validationCode": "0x" + args.validation_code.hex(), "parachain": args.parachain}]  # fmt: skip


def config_json(config: HostConfiguration) -> dict[str, int]:
    """A HostConfiguration as the Configuration genesis config takes it (camelCase fields)."""
    return {camel(a.name): getattr(config, a.name) for a in attrs.fields(HostConfiguration)}


def genesis(validators: int = 5, parachains: Sequence[int] = (100, 101), parathreads: Sequence[int] = (),
            config: HostConfiguration = TEST_CONFIG, session_length: int = 10,
            paras: Sequence[tuple[int, ParaGenesisArgs]] = ()) -> dict[str, Any]:  # fmt: skip
    """A genesis config (JSON) for the test runtimes: `validators` validators, the given parachains and
    parathreads (adder heads, test code) plus any `paras` given in full, the configuration and session length."""
    entries = [(p, para_args(p, True)) for p in parachains] + [(p, para_args(p, False)) for p in parathreads]
    entries += list(paras)
    return {
        "system": {"accounts": ["0x" + ALICE.public_key.hex()]},
        "sudo": {"key": "0x" + ALICE.public_key.hex()},
        "session": {"sessionLength": session_length, "validators": ["0x" + v.hex() for v in validator_ids(validators)]},
        "configuration": {"config": config_json(config)},
        "paras": {"paras": [para_json(p, a) for p, a in entries]},
    }


def endowed(genesis_config: dict[str, Any], runtime: Runtime) -> dict[str, Any]:
    """`genesis_config` with Alice (the sudo key, who signs the tests' extrinsics) endowed with `DEV_ENDOWMENT`
    when `runtime` has Balances (TransactionPayment charges signers) and the config endows no one itself."""
    if Balances not in runtime.pallet_classes or "balances" in genesis_config:
        return genesis_config
    return {**genesis_config, "balances": {"balances": [["0x" + ALICE.public_key.hex(), DEV_ENDOWMENT]]}}


# ---------------------------------------------------------------------------------------------
# Blocks


def empty_inclusion_inherent() -> Call:
    """The inclusion inherent with no bitfields and no candidates."""
    return InclusionInherent.tx.inclusion([], [])


class RootCallFailed(AssertionError):
    """A root call dispatched through sudo failed (the test expected it to succeed)."""


class TestNet:
    """A chain of a parachain test runtime with helpers to advance it and to act as Root (Alice's sudo)."""

    __test__ = False  # not a pytest class

    def __init__(self, genesis_config: dict[str, Any] | None = None, runtime: Runtime = FullRuntime) -> None:
        self.runtime = runtime
        self.chain = Chain(runtime, endowed(genesis() if genesis_config is None else genesis_config, runtime))
        self.needs_inherent = InclusionInherent in runtime.pallet_classes
        #: run every pallet's try_state after each block produced (FRAME's try-runtime invariants)
        self.check_invariants = True

    @property
    def head(self) -> Header:
        return self.chain.head

    @property
    def number(self) -> int:
        return self.chain.head.number

    # -- reading and writing state between blocks

    @contextmanager
    def reading(self) -> Iterator[OverlayedState]:
        """Read the state at the head; writes are thrown away."""
        with self.chain.reading() as state:
            yield state

    @contextmanager
    def ext(self) -> Iterator[OverlayedState]:
        """Test externalities: run routines on the state at the head (System's block number is the head's) and
        keep what they write. The writes go straight to the backend: the head header does not commit to them."""
        state = OverlayedState(self.chain.backend)
        with io.using(state, self.runtime):
            yield state
        state.commit_to_backend()

    # -- producing blocks

    def produce_block(self, extrinsics: Sequence[Extrinsic | bytes] = (), inherents: Sequence[Call] | None = None,
                      ) -> Header:  # fmt: skip
        """Build a block on the head (with the empty inclusion inherent unless `inherents` is given) and import it."""
        if inherents is None:
            inherents = [empty_inclusion_inherent()] if self.needs_inherent else []
        header = self.chain.import_block(self.chain.build_block(inherents, extrinsics).block)
        if self.check_invariants:
            self.assert_invariants()
        return header

    def assert_invariants(self) -> None:
        """Every pallet's try_state holds at the head (AssertionError listing those that do not)."""
        with self.reading():
            failed = [c for c in run_try_state(self.runtime, self.number) if c.error is not None]
        assert not failed, "; ".join(f"{c.what}: {c.error}" for c in failed)

    def run_to_block(self, n: int, new_session: Callable[[int], bool] | Collection[int] | None = None) -> Header:
        """Produce blocks up to number `n`. Sessions change on schedule (every `sessionLength` blocks); in
        addition, `new_session` (a predicate or a set of block numbers) forces a session change at those blocks."""
        wants: Callable[[int], bool]
        if new_session is None:
            wants = _never
        elif callable(new_session):
            wants = new_session
        else:
            wants = new_session.__contains__
        while self.number < n:
            if wants(self.number + 1):
                with self.ext():
                    Session.ForceNewSession.put(True)
            self.produce_block()
        return self.head

    def next_session(self) -> int:
        """Produce blocks until a session starts; returns that block's number."""
        with self.reading():
            index = Session.current_index()
        while True:
            self.produce_block()
            with self.reading():
                if Session.current_index() != index:
                    return self.number

    # -- Root (through Alice's sudo key)

    def sudo(self, call: Call) -> Extrinsic:
        """`call` wrapped in Sudo.sudo, signed by Alice with her next nonce."""
        return self.chain.sign(Sudo.tx.sudo(call), ALICE)

    def root(self, *calls: Call) -> list[DispatchError | None]:
        """Dispatch `calls` as Root in one new block; returns each call's error (None for success)."""
        self.produce_block([self.chain.sign(Sudo.tx.sudo(c), ALICE, nonce=self._nonce() + i)
                            for i, c in enumerate(calls)])  # fmt: skip
        with self.reading():
            results = [r.event.event.sudo_result for r in System.events() if isinstance(r.event.event, Sudid)]
        return [r.value if isinstance(r, Err) else None for r in results]

    def root_ok(self, *calls: Call) -> None:
        """Dispatch `calls` as Root in one new block; raise RootCallFailed if any fails."""
        for call, error in zip(calls, self.root(*calls), strict=True):
            if error is not None:
                raise RootCallFailed(f"{call!r} failed: {self.runtime.describe_error(error)}")

    def root_error(self, call: Call) -> type[PalletError] | None:
        """Dispatch `call` as Root in a new block; the pallet error class it failed with (None: success)."""
        (error,) = self.root(call)
        return None if error is None else self.runtime.error_class(error)

    def _nonce(self) -> int:
        return self.chain.nonce(ALICE.public_key)

    # -- scenario steps

    def set_config(self, **fields: int) -> None:
        """Set configuration fields through their Root setters (pending until the next session)."""
        self.root_ok(*(getattr(Configuration.tx, f"set_{name}")(value) for name, value in fields.items()))

    def register(self, para: int, parachain: bool = True, head: bytes | None = None, code: bytes | None = None,
                 ) -> None:  # fmt: skip
        """Register a para through Root (it is live from the next session)."""
        self.root_ok(Paras.tx.register_para(ParaId(para), para_args(para, parachain, head, code)))

    def deregister(self, para: int) -> None:
        """Deregister a para through Root (it is gone from the next session)."""
        self.root_ok(Paras.tx.deregister_para(ParaId(para)))


def _never(_: int) -> bool:
    return False


__all__ = [
    "ALICE",
    "TEST_CONFIG",
    "FullRuntime",
    "ParasRuntime",
    "RootCallFailed",
    "TestNet",
    "adder_head",
    "config_json",
    "empty_inclusion_inherent",
    "endowed",
    "genesis",
    "para_args",
    "para_json",
    "para_code",
    "validator_ids",
    "validator_key",
    "validator_keys",
]
