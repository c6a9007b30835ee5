"""Compiled artifacts: the file format's checks, the cache, and that the host never compiles code twice."""

import threading

import pytest

from node.pvf import ArtifactCache, InvalidReason, PvfHost, code_hash, prepare
from node.pvf import artifact_file as af
from node.pvf.artifact_file import ArtifactFileError
from node.pvf.execute import load_artifact
from node.pvf.limits import Limits
from parachains import adder, upgrader
from tests.node._pvf_support import params, pvf

KEY = code_hash(adder.wasm())


@pytest.fixture(scope="module")
def artifact() -> bytes:
    return prepare(adder.wasm(), Limits()).artifact()


def test_file_round_trip(artifact):
    data = af.encode(KEY, artifact)
    assert data.startswith(af.MAGIC) and data.endswith(artifact)
    assert af.decode(data, KEY) == artifact
    assert load_artifact(af.decode(data, KEY))


def _patched(data: bytes, at: int, new: bytes) -> bytes:
    return data[:at] + new + data[at + len(new) :]


def test_every_header_field_is_checked(artifact):
    good = af.encode(KEY, artifact)
    version_len = good[10]
    fingerprint_at = 11 + version_len
    cases = {
        "bad magic": _patched(good, 0, b"X"),
        "format version": _patched(good, 8, b"\x09"),
        "wasmtime": _patched(good, 11, b"0"),
        "engine configuration": _patched(good, fingerprint_at, bytes([good[fingerprint_at] ^ 1])),
        "compiled from code": af.encode(bytes(32), artifact),
        "header says": good[:-1],
        "checksum": good[:-1] + bytes([good[-1] ^ 0xFF]),
        "truncated": good[: fingerprint_at + 40],
    }
    for says, data in cases.items():
        with pytest.raises(ArtifactFileError, match=says):
            af.decode(data, KEY)
    with pytest.raises(ArtifactFileError, match="bad magic"):
        af.decode(b"", KEY)


def test_cache_in_memory_and_on_disk(tmp_path, artifact):
    cache = ArtifactCache(tmp_path)
    assert cache.get(KEY) is None and cache.stats.misses == 1
    cache.put(KEY, artifact)
    assert cache.get(KEY) == artifact and cache.stats.memory_hits == 1
    assert cache.path(KEY) == tmp_path / (KEY.hex() + ".pvfa") and cache.path(KEY).is_file()
    assert [p.name for p in tmp_path.iterdir()] == [KEY.hex() + ".pvfa"]  # no temporary file left behind
    fresh = ArtifactCache(tmp_path)
    assert fresh.get(KEY) == artifact and fresh.stats.disk_hits == 1
    assert fresh.get(KEY) == artifact and fresh.stats.memory_hits == 1


def test_corrupt_or_foreign_files_are_rejected_and_deleted(tmp_path, artifact):
    ArtifactCache(tmp_path).put(KEY, artifact)
    path = tmp_path / (KEY.hex() + ".pvfa")
    data = path.read_bytes()
    for bad in (data[:-100], data[:-1] + bytes([data[-1] ^ 1]), b"ELF" + data[3:], af.encode(bytes(32), artifact)):
        path.write_bytes(bad)
        cache = ArtifactCache(tmp_path)
        assert cache.get(KEY) is None
        assert cache.stats.rejected_files == 1 and not path.exists()


def test_memory_capacity_and_memory_only_cache(artifact):
    cache = ArtifactCache(None, capacity=2)
    for i in range(3):
        cache.put(bytes([i]) * 32, artifact)
    assert cache.get(bytes(32)) is None and cache.get(bytes([2]) * 32) == artifact
    assert cache.path(KEY) is None


def test_an_unwritable_directory_only_costs_the_disk_copy(tmp_path, artifact):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    cache = ArtifactCache(blocker / "cache")
    cache.put(KEY, artifact)
    assert cache.get(KEY) == artifact


# ---------------------------------------------------------------------------------------------
# Through the host


def test_a_second_validation_compiles_nothing(tmp_path):
    with PvfHost(workers=1, cache_dir=tmp_path) as host:
        assert host.validate(adder.wasm(), params()).valid
        assert host.stats.compiled == 1 and host.cache.stats.stored == 1
        assert host.validate(adder.wasm(), params()).valid
        assert host.stats.compiled == 1 and host.cache.stats.memory_hits == 1
    with PvfHost(workers=1, cache_dir=tmp_path) as host:  # a restarted node: the disk copy
        assert host.validate(adder.wasm(), params()).valid
        assert host.stats.compiled == 0 and host.cache.stats.disk_hits == 1


def test_a_corrupt_cache_file_is_detected_and_rebuilt(tmp_path):
    with PvfHost(workers=1, cache_dir=tmp_path) as host:
        assert host.prepare(adder.wasm()) is None
    path = tmp_path / (KEY.hex() + ".pvfa")
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2] + bytes(len(good) - len(good) // 2))
    with PvfHost(workers=1, cache_dir=tmp_path) as host:
        assert host.validate(adder.wasm(), params()).valid
        assert host.cache.stats.rejected_files == 1 and host.stats.compiled == 1
    assert af.decode(path.read_bytes(), KEY)  # rebuilt, and good again


def test_code_raced_by_many_callers_is_compiled_once(tmp_path):
    results = []
    with PvfHost(workers=2, cache_dir=tmp_path) as host:
        threads = [
            threading.Thread(target=lambda: results.append(host.validate(upgrader.wasm(), _upgrader_params())))
            for _ in range(4)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert host.stats.compiled == 1
    assert len(results) == 4 and all(r.valid for r in results)


def test_invalid_code_is_remembered_not_recompiled(tmp_path):
    from parachains.hostile import hostile

    code = hostile("unknown-import").wasm()
    with PvfHost(workers=1, cache_dir=tmp_path) as host:
        for _ in range(3):
            assert host.validate(code, params()).reason.value == "UnknownImport"
        assert host.stats.compiled == host.stats.prepare_requests == 1
    assert [p.name for p in tmp_path.iterdir()] == [code_hash(code).hex() + ".pvff"]  # no artifact, the failure
    with PvfHost(workers=1, cache_dir=tmp_path) as host:  # a restarted node refuses it without compiling
        outcome = host.validate(code, params())
        assert outcome.reason.value == "UnknownImport" and "ext_storage_get_version_1" in outcome.detail
        assert host.stats.prepare_requests == 0 and host.cache.stats.failure_hits == 1


def test_code_too_complex_is_remembered_and_never_compiled_twice(tmp_path):
    code = pvf("(i64.const 0)", extra="(func (result i32) (i32.const 1))" * 20_000)
    with PvfHost(workers=1, cache_dir=tmp_path) as host:
        for _ in range(3):
            assert host.validate(code, params()).reason is InvalidReason.CodeTooComplex
        assert host.prepare(code).reason is InvalidReason.CodeTooComplex
        assert host.stats.prepare_requests == 1
    with PvfHost(workers=1, cache_dir=tmp_path) as host:
        assert host.prepare(code).reason is InvalidReason.CodeTooComplex and host.stats.prepare_requests == 0


def test_a_failure_file_from_another_engine_or_unreadable_is_ignored(tmp_path):
    from parachains.hostile import hostile

    code = hostile("unknown-import").wasm()
    path = tmp_path / (code_hash(code).hex() + ".pvff")
    for text in ('{"engine": "00", "reason": "Trap", "detail": "", "prepare_timeout": 60}', "not json"):
        path.write_text(text)
        with PvfHost(workers=1, cache_dir=tmp_path) as host:
            assert host.validate(code, params()).reason is InvalidReason.UnknownImport
            assert host.stats.prepare_requests == 1


def _upgrader_params():
    return params(block=upgrader.block_data(None), parent=upgrader.GENESIS_HEAD.encode())
