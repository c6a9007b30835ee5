"""Benchmarking (frame-benchmarking): declare benchmarks next to a pallet, run them, fit weights, generate
the pallet's ``weights.py``; and time whole blocks against their signature floor.

Declaring: `Benchmarks`, `Linear`, `extrinsic_call`, `block`, `ensure`, `next_block` (declare.py, run.py).
Running: `run_benchmark` / `run_benchmarks` (run.py). Fitting: `min_squares` (analysis.py). Output:
`render_table`, `to_json`, `render_weights` (output.py). Whole blocks: `frame.benchmarking.block_bench`.
"""

from frame.benchmarking.analysis import Fit, min_squares
from frame.benchmarking.declare import (
    Benchmark,
    BenchmarkError,
    Benchmarks,
    BlockCode,
    ExtrinsicCall,
    Linear,
    block,
    ensure,
    extrinsic_call,
)
from frame.benchmarking.output import render_table, render_weights, to_json
from frame.benchmarking.run import BenchmarkResult, merge_patch, next_block, run_benchmark, run_benchmarks

__all__ = [
    "Benchmark",
    "BenchmarkError",
    "BenchmarkResult",
    "Benchmarks",
    "BlockCode",
    "ExtrinsicCall",
    "Fit",
    "Linear",
    "block",
    "ensure",
    "extrinsic_call",
    "merge_patch",
    "min_squares",
    "next_block",
    "render_table",
    "render_weights",
    "run_benchmark",
    "run_benchmarks",
    "to_json",
]
