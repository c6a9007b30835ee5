"""``state_*`` and ``author_*`` methods, with the storage, runtime-version and transaction-status subscriptions.

Every state method takes an optional block hash (absent or null: the best block) and answers at any block whose
state is kept; an unknown or pruned block is Substrate's 4003 "Client error". A storage subscription first sends
every requested key (null when absent), then the keys that changed, at each new best block; without a key list,
every change each new best block made (no initial set). A runtime-version subscription sends the current version,
then each change. ``author_submitAndWatchExtrinsic`` validates before it answers (an invalid transaction is an
error reply, never an ``"invalid"`` status), then reports the pool's statuses as ``author_extrinsicUpdate``
until a final one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from frame.metadata_v14 import metadata_v14
from node.client import BlockNotification, Client, MethodNotFound, RuntimeCallError, StatePruned, UnknownBlock
from node.rpc.api import Method, RpcError, Session, invalid_params
from node.rpc.shapes import arg, block_hash_arg, from_hex, hexs, state_error
from node.rpc.watch_hold import FinalizedHold
from node.txpool import PoolError, TxPool
from primitives.hashing import blake2_256

__all__ = ["MAX_KEYS_PAGE", "state_author_methods"]

#: the most keys ``state_getKeysPaged`` returns at once (Substrate's STORAGE_KEYS_PAGED_MAX_COUNT)
MAX_KEYS_PAGE = 1000
_CLIENT_ERRORS = (UnknownBlock, StatePruned, RuntimeCallError)
H = Callable[[Session, list[Any]], Any]


def _pool_error(e: PoolError) -> RpcError:
    return RpcError(e.code, e.rpc_message, e.data)


def state_author_methods(client: Client, pool: TxPool) -> dict[str, Method]:
    metadata: dict[str, bytes] = {}
    hold = FinalizedHold()

    def guarded(f: H) -> H:
        def run(s: Session, p: list[Any]) -> Any:
            try:
                return f(s, p)
            except MethodNotFound as e:
                raise RpcError(4003, f"Client error: Execution failed: {e}") from None
            except _CLIENT_ERRORS as e:
                raise state_error(e) from None

        return run

    def key(p: list[Any], i: int = 0) -> bytes:
        return from_hex(arg(p, i, "storage key", required=True), "storage key")

    def read_at(s: Session, at: bytes | None) -> None:
        if at is not None:
            hold.read_at(s, hexs(at))

    def get_storage(s: Session, p: list[Any]) -> Any:
        value = client.storage(key(p), block_hash_arg(p, 1))
        read_at(s, block_hash_arg(p, 1))
        return None if value is None else hexs(value)

    def storage_hash(_s: Session, p: list[Any]) -> Any:
        value = client.storage(key(p), block_hash_arg(p, 1))
        return None if value is None else hexs(blake2_256(value))

    def storage_size(_s: Session, p: list[Any]) -> Any:
        value = client.storage(key(p), block_hash_arg(p, 1))
        return None if value is None else len(value)

    def keys_paged(_s: Session, p: list[Any]) -> Any:
        prefix = b"" if arg(p, 0, "prefix") is None else key(p)
        count = arg(p, 1, "count", required=True)
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise invalid_params(f"count: expected a non-negative integer, got {count!r:.40}")
        if count > MAX_KEYS_PAGE:
            raise RpcError(4002, f"count exceeds maximum value. value: {count}, max: {MAX_KEYS_PAGE}")
        start = arg(p, 2, "start key")
        start_key = None if start is None else from_hex(start, "start key")
        return [hexs(k) for k in client.storage_keys_paged(prefix, count, start_key, block_hash_arg(p, 3))]

    def keys_list(p: list[Any]) -> list[bytes]:
        keys = arg(p, 0, "keys", required=True)
        if not isinstance(keys, list):
            raise invalid_params("keys: expected a list of 0x-hex keys")
        return [from_hex(k, "storage key") for k in keys]

    def query_at(s: Session, p: list[Any]) -> Any:
        at = block_hash_arg(p, 1)
        pairs = client.query_storage(keys_list(p), at)
        read_at(s, at)
        return [{"block": hexs(client.resolve(at)),
                 "changes": [[hexs(k), None if v is None else hexs(v)] for k, v in pairs]}]  # fmt: skip

    def get_metadata(_s: Session, p: list[Any]) -> Any:
        client.resolve(block_hash_arg(p, 0))
        if "v14" not in metadata:
            metadata["v14"] = metadata_v14(client.runtime)
        return hexs(metadata["v14"])

    def runtime_version(_s: Session, p: list[Any]) -> Any:
        return client.runtime_version(block_hash_arg(p, 0)).to_json()

    def call(_s: Session, p: list[Any]) -> Any:
        name = arg(p, 0, "method", required=True)
        if not isinstance(name, str):
            raise invalid_params("method: expected a string")
        data = from_hex(arg(p, 1, "data", required=True), "data")
        return hexs(client.call(name, data, block_hash_arg(p, 2)))

    def subscribe_storage(s: Session, p: list[Any]) -> Any:
        everything = arg(p, 0, "keys") is None  # no key list: every change, as Substrate does
        keys = [] if everything else keys_list(p)
        sub = s.subscribe()
        last = dict(client.query_storage(keys))

        def changes(pairs: list[tuple[bytes, bytes | None]], block: bytes) -> dict[str, Any]:
            return {"block": hexs(block), "changes": [[hexs(k), None if v is None else hexs(v)] for k, v in pairs]}

        def on_block(note: BlockNotification) -> None:
            if not note.is_best:
                return
            if everything:
                try:
                    changed = sorted(client.block_changes(note.hash).items())
                except StatePruned:
                    return
            else:
                now = client.query_storage(keys, note.hash)
                changed = [(k, v) for k, v in now if last.get(k) != v]
                last.update(now)
            if changed:
                s.notify("state_storage", sub, changes(changed, note.hash))

        s.on_cancel(sub, client.on_import(on_block))
        first = changes(list(last.items()), client.best_hash)
        if not everything:  # Substrate sends no initial change set for a subscription to everything
            s.after_reply(lambda: s.notify("state_storage", sub, first))
        return sub

    def subscribe_version(s: Session, _p: list[Any]) -> Any:
        sub = s.subscribe()
        current = [client.runtime_version()]

        def on_block(note: BlockNotification) -> None:
            version = client.runtime_version(note.hash)
            if note.is_best and version != current[0]:
                current[0] = version
                s.notify("state_runtimeVersion", sub, version.to_json())

        s.on_cancel(sub, client.on_import(on_block))
        s.after_reply(lambda: s.notify("state_runtimeVersion", sub, current[0].to_json()))
        return sub

    def unsubscribe(s: Session, p: list[Any]) -> Any:
        return s.unsubscribe(arg(p, 0, "subscription id"))

    def extrinsic(p: list[Any]) -> bytes:
        return from_hex(arg(p, 0, "extrinsic", required=True), "extrinsic")

    def submit(_s: Session, p: list[Any]) -> Any:
        try:
            return hexs(pool.submit(extrinsic(p)))
        except PoolError as e:
            raise _pool_error(e) from None

    def submit_and_watch(s: Session, p: list[Any]) -> Any:
        encoded = extrinsic(p)
        if len(s.subscriptions) >= s.max_subscriptions:
            s.subscribe()  # raises the limit's (or HTTP's) error before anything enters the pool
        try:
            tx_hash = pool.submit(encoded)
        except PoolError as e:
            raise _pool_error(e) from None
        sub = s.subscribe()

        def on_status(status: Any, final: bool) -> None:
            if isinstance(status, dict) and "finalized" in status:  # pjs: see node.rpc.watch_hold
                hold.hold(s, status["finalized"], lambda: send(status, final))
            else:
                send(status, final)

        def send(status: Any, final: bool) -> None:
            s.notify("author_extrinsicUpdate", sub, status)
            if final:
                s.subscriptions.pop(sub, None)

        def start() -> None:
            s.on_cancel(sub, pool.watch(tx_hash, on_status))

        s.after_reply(start)
        return sub

    def pending(_s: Session, _p: list[Any]) -> Any:
        return [hexs(t.encoded) for t in pool.pending()]

    def remove(_s: Session, p: list[Any]) -> Any:
        items = arg(p, 0, "extrinsics", required=True)
        if not isinstance(items, list):
            raise invalid_params('expected a list of {"Hash": h} or {"Extrinsic": bytes}')
        hashes = []
        for item in items:
            if isinstance(item, dict) and "Hash" in item:
                hashes.append(from_hex(item["Hash"], "hash", 32))
            elif isinstance(item, dict) and "Extrinsic" in item:
                hashes.append(blake2_256(from_hex(item["Extrinsic"], "extrinsic")))
            else:
                raise invalid_params(f'expected {{"Hash": h}} or {{"Extrinsic": bytes}}, got {item!r:.80}')
        return [hexs(h) for h in pool.remove(hashes)]

    m: dict[str, H] = {
        "state_getStorage": get_storage, "state_getStorageAt": get_storage, "state_getStorageHash": storage_hash,
        "state_getStorageHashAt": storage_hash, "state_getStorageSize": storage_size,
        "state_getStorageSizeAt": storage_size, "state_getKeysPaged": keys_paged, "state_getKeysPagedAt": keys_paged,
        "state_queryStorageAt": query_at, "state_getMetadata": get_metadata,
        "state_getRuntimeVersion": runtime_version, "chain_getRuntimeVersion": runtime_version,
        "state_call": call, "state_callAt": call,
        "state_subscribeStorage": subscribe_storage, "state_unsubscribeStorage": unsubscribe,
        "state_subscribeRuntimeVersion": subscribe_version, "chain_subscribeRuntimeVersion": subscribe_version,
        "state_unsubscribeRuntimeVersion": unsubscribe, "chain_unsubscribeRuntimeVersion": unsubscribe,
        "author_submitExtrinsic": submit, "author_submitAndWatchExtrinsic": submit_and_watch,
        "author_unwatchExtrinsic": unsubscribe, "author_pendingExtrinsics": pending,
    }  # fmt: skip
    methods = {name: Method(guarded(handler)) for name, handler in m.items()}
    methods["author_removeExtrinsic"] = Method(remove, unsafe=True)
    return methods
