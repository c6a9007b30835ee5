"""The runtime's benchmarks (FRAME's ``define_benchmarks!``): each pallet's benchmark set with the runtime it runs
in, the benchmark genesis and where its generated weights go; and the full-block scenario of the block benchmark.

`runtime_benchmarks(runtime)` derives them from a runtime's pallets (each pallet package's ``benchmarks``
module: `frame.benchmarking.discover`); `registry()` is the built-in runtimes' (the parachain host's pallets,
then the example runtime's others), each pallet name mapped to its `PalletBenchmarks`. `full_block(V, C)`
builds a chain of V validators and C parachains whose next block is the busiest the inclusion inherent allows:
every validator's bitfield makes every pending candidate available (they were backed in the block before), and
every core so freed is backed again by its whole group.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import attrs

from frame import io
from frame.benchmarking import Benchmarks
from frame.block import Block, Header
from frame.chain import Chain
from frame.genesis import camel
from frame.runtime import Runtime
from frame.state import OverlayedState
from frame.system import System
from pallets.balances import Balances
from pallets.inclusion_inherent import InclusionInherent
from pallets.scenarios import busiest_inclusion_data, genesis_config
from primitives.parachain import HostConfiguration
from runtime.parachain import ParachainRuntime
from runtime.parachain_presets import DEV_ENDOWMENT

__all__ = ["PalletBenchmarks", "benchmark_genesis", "find", "full_block", "funded_chain", "genesis_of", "registry",
           "runtime_benchmarks"]


@attrs.frozen
class PalletBenchmarks:
    """A pallet's benchmarks: its name in the runtime, the runtime, the benchmark set and genesis, the path
    (from the import root) of its generated weights and of the benchmarks' source."""

    name: str
    runtime: Runtime
    benchmarks: Benchmarks
    genesis: Callable[[], dict[str, Any]]
    weights_path: str
    source: str
    #: the absolute path of the weights file (beside the pallet), where `--output` defaults to
    weights_file: str = ""


def benchmark_genesis() -> dict[str, Any]:
    """The parachain runtime's benchmark genesis: 6 dev validators, 3 parachains, the default configuration."""
    make = ParachainRuntime.benchmark_genesis
    if make is None:
        raise RuntimeError("the parachain runtime declares its benchmark genesis")
    return make()


def genesis_of(runtime: Runtime) -> Callable[[], dict[str, Any]]:
    """What a runtime's benchmarks start from: its `benchmark_genesis`, else its ``dev`` preset, else defaults."""
    if runtime.benchmark_genesis is not None:
        return runtime.benchmark_genesis
    dev = runtime.presets.get("dev")
    return dev if dev is not None else dict


def funded_chain(runtime: Runtime, signer: bytes, amount: int = DEV_ENDOWMENT) -> Chain:
    """A chain of `runtime` from its benchmark genesis (`genesis_of`) in which `signer` can sign: when the runtime
    has Balances (its TransactionPayment charges every signed extrinsic) and that genesis leaves `signer` nothing
    free, `signer` is added to the Balances genesis with `amount` (the dev chain's endowment)."""
    genesis = genesis_of(runtime)()
    chain = Chain(runtime, genesis)
    balances = next((p for p in runtime.pallet_classes if issubclass(p, Balances)), None)
    if balances is None:
        return chain
    with chain.reading():
        if System.account_data(signer).free > 0:
            return chain
    key = camel(balances.name)
    section = dict(genesis.get(key) or {})
    section["balances"] = [*section.get("balances", []), ["0x" + bytes(signer).hex(), amount]]
    return Chain(runtime, {**genesis, key: section})


def runtime_benchmarks(runtime: Runtime) -> dict[str, PalletBenchmarks]:
    """The benchmarks of `runtime`'s pallets (found from their packages: `frame.benchmarking.discover`), by
    pallet name, in runtime order."""
    genesis = genesis_of(runtime)
    return {d.name: PalletBenchmarks(d.name, runtime, d.benchmarks, genesis, d.weights_path, d.source, d.weights_file)
            for d in runtime.benchmarks}  # fmt: skip


def registry() -> dict[str, PalletBenchmarks]:
    """The built-in runtimes' benchmarks, by pallet name: the parachain host's pallets in runtime order, then the
    example runtime's other pallets (Counter, Utility)."""
    from runtime.example import ExampleRuntime

    out = runtime_benchmarks(ParachainRuntime)
    for name, entry in runtime_benchmarks(ExampleRuntime).items():
        out.setdefault(name, entry)
    return out


def find(name: str) -> PalletBenchmarks | None:
    """A pallet's benchmarks by name, forgiving case, dashes and underscores (``inclusion-inherent``)."""

    def norm(s: str) -> str:
        return s.replace("-", "").replace("_", "").lower()

    return next((e for n, e in registry().items() if norm(n) == norm(name)), None)


# ---------------------------------------------------------------------------------------------
# The full block


@contextmanager
def _next_block_state(chain: Chain) -> Iterator[OverlayedState]:
    """The state of the head's child right after its initialization (thrown away afterwards)."""
    state = OverlayedState(chain.backend)
    header = Header(chain.head.hash(), chain.head.number + 1, bytes(32), bytes(32))
    with io.using(state, chain.runtime):
        chain.executive.initialize_block(header)
        yield state


def full_block(validators: int, cores: int, head_size: int = 72) -> tuple[Chain, Block]:
    """A chain of `validators` validators and `cores` parachains (groups of validators // cores), and the next
    block for it: every validator's bitfield (each candidate backed in the head becomes available) and every
    core backed again by its whole group. The block is built, not imported: `chain` is at its parent."""
    if cores < 1 or validators < cores:
        raise ValueError(f"need at least one core and a validator per core, got V={validators}, C={cores}")
    config = HostConfiguration(max_code_size=1 << 20, max_head_data_size=1 << 12, chain_availability_period=10,
                               thread_availability_period=10, scheduling_lookahead=1)  # fmt: skip
    chain = Chain(ParachainRuntime, genesis_config(validators, range(1000, 1000 + cores), (), config, 100_000))
    head = b"\x07" * head_size
    for _ in range(2):
        with _next_block_state(chain):
            bitfields, candidates = busiest_inclusion_data(chain.head.hash(), head)
        built = chain.build_block([InclusionInherent.tx.inclusion(bitfields, candidates)])
        if len(candidates) != cores:
            raise RuntimeError(f"backed {len(candidates)} candidates for {cores} cores")
        if built.block.header.number == 2:
            return chain, built.block
        chain.import_block(built.block)
    raise AssertionError("unreachable")
