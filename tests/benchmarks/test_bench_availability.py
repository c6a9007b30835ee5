"""The availability benchmark on small inputs: it checks recovery before timing and reports what it promises.
No timing is asserted."""

import json

from benchmarks import bench_availability


def test_measure_reports_bytes_against_full_replication():
    row = bench_availability.measure(40_000, 10, repeat=1)
    assert (row["k"], row["threshold"]) == (4, 4)
    assert row["chunk_bytes"] == 10_000 and row["stored_per_validator"] == 10_000 + row["proof_bytes"]
    assert row["stored_full_replication"] == 40_000 and row["distribution_sent_full"] == 400_000
    assert row["recovery_fetched"] == 4 * row["stored_per_validator"]
    assert all(row[key] > 0 for key in ("encode_s", "raw_encode_s", "recover_s", "raw_recover_s", "systematic_s"))


def test_command_line(capsys):
    assert bench_availability.main(["--sizes", "0.01", "--validators", "10,40", "--repeat", "1", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["n"] for r in rows] == [10, 40]
    assert bench_availability.main(["--sizes", "0.01", "--validators", "10", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "ratio = ours / raw reed_solomon_leopard" in out and "  0.01Mi    10    4 |" in out
