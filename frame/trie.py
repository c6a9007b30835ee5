"""Substrate's state trie: a base-16 Patricia-Merkle trie hashed with BLAKE2b-256.

Implements the algorithm of ``/work/shared/reference/substrate-frame.md`` §1.6-1.7 (spec ``chap-state.md``
"State Storage Trie", Substrate's ``LayoutV0``/``LayoutV1`` "no extension" layout):

* a key is split into nibbles, high nibble first; a node is ``header ++ partial key ++ subvalue``;
* header variants (top bits): ``01`` leaf, ``10`` branch without value, ``11`` branch with value, and for
  state version 1 ``001`` leaf with hashed value and ``0001`` branch with hashed value; the remaining bits
  hold the partial-key length in nibbles, saturating into extra bytes (255 continues, < 255 ends);
* a value is ``compact(len) ++ value``, except that in state version 1 a value of 33 bytes or more
  (``TRIE_VALUE_NODE_THRESHOLD``) is replaced by its 32-byte hash (a separate value node);
* a branch carries a little-endian ``u16`` child bitmap, its value if any, then for every child
  ``compact(len(ref)) ++ ref`` where ``ref`` is the child's encoding if shorter than 32 bytes, else its hash;
* the root is always hashed; the empty trie is the single byte ``0x00`` (`EMPTY_ROOT` is its hash).

`trie_root` computes a root in one pass from sorted items without keeping nodes. `Trie` is a persistent
(immutable) trie: `Trie.updated` copies only the paths to changed keys and shares every other node, and each
node caches its reference (inline encoding or hash), so the root after touching k keys costs O(k * depth)
hashing. Deletions re-normalise the trie, so a `Trie` root always equals `trie_root` of the same items.

Nibble paths are held as ``bytes`` with one nibble (0-15) per byte, so slicing, prefix tests and sorting
are C-speed operations.
"""

from __future__ import annotations

from binascii import unhexlify
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from primitives.hashing import blake2_256
from primitives.scale import encode_compact

__all__ = ["EMPTY_ROOT", "TRIE_VALUE_NODE_THRESHOLD", "Trie", "ordered_trie_root", "trie_root"]

#: Root of the empty trie: ``blake2_256(b"\x00")`` = ``03170a2e…c111314``.
EMPTY_ROOT: bytes = blake2_256(b"\x00")

#: In state version 1, values at least this long are stored as a separate node referenced by hash.
TRIE_VALUE_NODE_THRESHOLD = 33

# Partial-key lengths are bounded by the header format (Substrate's NIBBLE_SIZE_BOUND).
_NIBBLE_SIZE_BOUND = 65535

_HEX_TO_NIBBLES = bytes.maketrans(b"0123456789abcdef", bytes(range(16)))
_NIBBLES_TO_HEX = bytes.maketrans(bytes(range(16)), b"0123456789abcdef")
_BYTE = [bytes((i,)) for i in range(256)]
_NIBBLE = _BYTE[:17]  # _NIBBLE[16] is a sentinel above every nibble


def _nibbles(key: bytes) -> bytes:
    """The nibble path of `key`: one byte per nibble, high nibble first."""
    return key.hex().encode("ascii").translate(_HEX_TO_NIBBLES)


def _key_of(path: bytes) -> bytes:
    """Inverse of `_nibbles` (the path must have even length)."""
    return unhexlify(path.translate(_NIBBLES_TO_HEX))


def _check_state_version(state_version: int) -> None:
    if state_version not in (0, 1) or type(state_version) is bool:
        raise ValueError(f"state_version must be 0 or 1, not {state_version!r}")


def _as_bytes(data: Any, what: str) -> bytes:
    if type(data) is bytes:
        return data
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    raise TypeError(f"trie {what} must be bytes, not {type(data).__name__}")


# -- node encoding (shared by `trie_root` and `Trie`) -------------------------------------------------


def _header(prefix: int, bits: int, length: int) -> bytes:
    """Node header: variant `prefix` with the partial-key `length` in its low `bits` bits (then continued)."""
    limit = (1 << bits) - 1
    if length < limit:
        return _BYTE[prefix | length]
    if length > _NIBBLE_SIZE_BOUND:
        raise ValueError(f"partial key of {length} nibbles exceeds the trie's bound of {_NIBBLE_SIZE_BOUND}")
    rest = length - limit
    out = bytearray((prefix | limit,))
    while rest >= 255:
        out.append(255)
        rest -= 255
    out.append(rest)
    return bytes(out)


def _pack(partial: bytes) -> bytes:
    """Partial key bytes: nibbles two per byte; an odd-length key puts its first nibble alone in byte 0."""
    text = partial.translate(_NIBBLES_TO_HEX)
    return unhexlify(b"0" + text if len(partial) & 1 else text)


def _encode_leaf(partial: bytes, value: bytes, state_version: int) -> bytes:
    if state_version and len(value) >= TRIE_VALUE_NODE_THRESHOLD:
        return _header(0x20, 5, len(partial)) + _pack(partial) + blake2_256(value)
    return _header(0x40, 6, len(partial)) + _pack(partial) + encode_compact(len(value)) + value


def _encode_branch(partial: bytes, value: bytes | None, refs: Sequence[bytes | None], state_version: int) -> bytes:
    """A branch node; `refs` holds the 16 child references (None for an absent child)."""
    if value is None:
        head = _header(0x80, 6, len(partial)) + _pack(partial)
        subvalue = b""
    elif state_version and len(value) >= TRIE_VALUE_NODE_THRESHOLD:
        head = _header(0x10, 4, len(partial)) + _pack(partial)
        subvalue = blake2_256(value)
    else:
        head = _header(0xC0, 6, len(partial)) + _pack(partial)
        subvalue = encode_compact(len(value)) + value
    bitmap = 0
    parts = [b"", b"", subvalue]
    for i, ref in enumerate(refs):
        if ref is not None:
            bitmap |= 1 << i
            parts.append(encode_compact(len(ref)))
            parts.append(ref)
    parts[0] = head
    parts[1] = bitmap.to_bytes(2, "little")
    return b"".join(parts)


def _reference(encoding: bytes) -> bytes:
    """How a parent refers to a child: inline if shorter than 32 bytes, else by hash."""
    return encoding if len(encoding) < 32 else blake2_256(encoding)


# -- bulk construction from sorted items ---------------------------------------------------------------

N = TypeVar("N")


def _common_prefix_len(a: bytes, b: bytes, start: int) -> int:
    end = min(len(a), len(b))
    i = start
    while i < end and a[i] == b[i]:
        i += 1
    return i - start


def _build(
    paths: Sequence[bytes],
    values: Sequence[bytes],
    make_leaf: Callable[[bytes, bytes], N],
    make_branch: Callable[[bytes, bytes | None, list[N | None]], N],
) -> N | None:
    """Build a trie bottom-up from sorted, distinct nibble `paths` and their `values`.

    Iterative (no recursion-depth limit): a top-down pass splits key ranges into leaves, which are made at
    once, and branches, which are queued; the queue is then made in reverse, so that every branch is made
    after all of its children. Returns what `make_*` return for the root (None for no items).
    """
    if not paths:
        return None
    top: list[N | None] = [None]
    # (partial, value, children slots, parent's slots, index in parent's slots)
    branches: list[tuple[bytes, bytes | None, list[N | None], list[N | None], int]] = []
    work = [(0, len(paths), 0, top, 0)]
    while work:
        lo, hi, depth, slots, slot = work.pop()
        first = paths[lo]
        if hi - lo == 1:
            slots[slot] = make_leaf(first[depth:], values[lo])
            continue
        # sorted paths: the range's common prefix is that of its first and last path
        end = depth + _common_prefix_len(first, paths[hi - 1], depth)
        value = None
        if len(first) == end:  # one key ends here: it is the branch's value (and sorts first)
            value = values[lo]
            lo += 1
        children: list[N | None] = [None] * 16
        branches.append((first[depth:end], value, children, slots, slot))
        prefix = first[:end]
        while lo < hi:
            nibble = paths[lo][end]
            nxt = bisect_left(paths, prefix + _NIBBLE[nibble + 1], lo, hi)
            work.append((lo, nxt, end + 1, children, nibble))
            lo = nxt
    for partial, value, children, slots, slot in reversed(branches):
        slots[slot] = make_branch(partial, value, children)
    return top[0]


def _sorted_items(items: Iterable[tuple[bytes, bytes]] | Mapping[bytes, bytes]) -> list[tuple[bytes, bytes]]:
    """Items as a key-sorted list of (bytes, bytes); for repeated keys the last value wins."""
    pairs = items.items() if isinstance(items, Mapping) else items
    merged: dict[bytes, bytes] = {}
    for key, value in pairs:
        if value is None:
            raise TypeError(f"trie value for key 0x{_as_bytes(key, 'key').hex()} is None")
        merged[_as_bytes(key, "key")] = _as_bytes(value, "value")
    return sorted(merged.items())


def trie_root(items: Iterable[tuple[bytes, bytes]] | Mapping[bytes, bytes], state_version: int = 1) -> bytes:
    """The 32-byte root of the trie holding `items` (Substrate's ``trie_root`` / ``LayoutV{0,1}::trie_root``).

    `items` is a mapping or an iterable of (key, value) pairs; a repeated key keeps its last value.
    """
    _check_state_version(state_version)
    ordered = _sorted_items(items)
    paths = [_nibbles(k) for k, _ in ordered]
    values = [v for _, v in ordered]

    def leaf(partial: bytes, value: bytes) -> bytes:
        return _encode_leaf(partial, value, state_version)

    def branch(partial: bytes, value: bytes | None, children: list[bytes | None]) -> bytes:
        refs = [None if c is None else _reference(c) for c in children]
        return _encode_branch(partial, value, refs, state_version)

    encoding = _build(paths, values, leaf, branch)
    return EMPTY_ROOT if encoding is None else blake2_256(encoding)


def ordered_trie_root(values: Sequence[bytes], state_version: int = 0) -> bytes:
    """Root of the trie mapping ``compact(i)`` to ``values[i]``: a block header's extrinsics root.

    Mirrors ``frame_system::extrinsics_data_root``, which calls ``ordered_trie_root(xts, StateVersion::V0)``
    (polkadot-sdk ``substrate/frame/system/src/lib.rs``; doc comment: "the same trie as runtime state with
    `state_version` 0"), hence the default of 0. Newer polkadot-sdk takes the version from
    ``RuntimeVersion::extrinsics_root_state_version()``, which stays V0 unless the runtime declares
    ``system_version >= 2`` (RFC-0042); pass ``state_version=1`` for such runtimes. No extrinsics give
    `EMPTY_ROOT`.
    """
    return trie_root(((encode_compact(i), v) for i, v in enumerate(values)), state_version)


# -- the persistent trie -------------------------------------------------------------------------------


class _Node:
    """An immutable trie node. A leaf has ``children is None``; a branch has a 16-tuple of children.

    Normal form (kept by every operation): a leaf has a value; a branch without a value has at least two
    children and a branch with a value at least one. ``ref``/``ref_version`` cache the node's reference
    (its encoding if shorter than 32 bytes, else its hash) for one state version.
    """

    __slots__ = ("partial", "value", "children", "ref", "ref_version")

    def __init__(self, partial: bytes, value: bytes | None, children: tuple[_Node | None, ...] | None) -> None:
        self.partial = partial
        self.value = value
        self.children = children
        self.ref = b""
        self.ref_version = -1


def _leaf(partial: bytes, value: bytes) -> _Node:
    return _Node(partial, value, None)


def _branch(partial: bytes, value: bytes | None, children: list[_Node | None]) -> _Node:
    return _Node(partial, value, tuple(children))


def _with_child(node: _Node, nibble: int, child: _Node | None) -> tuple[_Node | None, ...]:
    children = node.children
    assert children is not None
    return children[:nibble] + (child,) + children[nibble + 1 :]


def _normalised(partial: bytes, value: bytes | None, children: tuple[_Node | None, ...] | None) -> _Node | None:
    """A node with these contents in normal form: None if empty, a leaf if childless, merged with its only
    child if valueless."""
    live = [] if children is None else [i for i, c in enumerate(children) if c is not None]
    if not live:
        return None if value is None else _Node(partial, value, None)
    if value is None and len(live) == 1:
        nibble = live[0]
        child = children[nibble]  # type: ignore[index]
        assert child is not None
        return _Node(partial + _NIBBLE[nibble] + child.partial, child.value, child.children)
    return _Node(partial, value, children)


def _insert(root: _Node | None, path: bytes, value: bytes) -> tuple[_Node | None, bool]:
    """Set `path` to `value`; returns the new root (copying only the nodes on the path) and whether the
    key is new. Returns `root` itself if the key already holds `value`."""
    if root is None:
        return _Node(path, value, None), True
    trail: list[tuple[_Node, int]] = []
    node = root
    pos = 0
    while True:
        partial = node.partial
        if path.startswith(partial, pos):
            end = pos + len(partial)
            if end == len(path):  # the key ends at this node
                if node.value == value:
                    return root, False
                added = node.value is None
                new = _Node(partial, value, node.children)
                break
            nibble = path[end]
            if node.children is None:  # a leaf becomes a branch keeping its value
                slots: list[_Node | None] = [None] * 16
                slots[nibble] = _Node(path[end + 1 :], value, None)
                new, added = _Node(partial, node.value, tuple(slots)), True
                break
            child = node.children[nibble]
            if child is None:
                new, added = (
                    _Node(partial, node.value, _with_child(node, nibble, _Node(path[end + 1 :], value, None))),
                    True,
                )
                break
            trail.append((node, nibble))
            node = child
            pos = end + 1
        else:  # the key leaves this node's partial key part way: split it under a new branch
            common = _common_prefix_len(partial, path[pos:], 0)
            slots = [None] * 16
            slots[partial[common]] = _Node(partial[common + 1 :], node.value, node.children)
            split = pos + common
            branch_value: bytes | None = None
            if split == len(path):
                branch_value = value
            else:
                slots[path[split]] = _Node(path[split + 1 :], value, None)
            new, added = _Node(partial[:common], branch_value, tuple(slots)), True
            break
    for parent, nibble in reversed(trail):
        new = _Node(parent.partial, parent.value, _with_child(parent, nibble, new))
    return new, added


def _delete(root: _Node | None, path: bytes) -> tuple[_Node | None, bool]:
    """Remove `path`; returns the new (normalised) root and whether the key was present."""
    trail: list[tuple[_Node, int]] = []
    node = root
    pos = 0
    while True:
        if node is None or not path.startswith(node.partial, pos):
            return root, False
        end = pos + len(node.partial)
        if end == len(path):
            if node.value is None:
                return root, False
            new = _normalised(node.partial, None, node.children)
            break
        if node.children is None:
            return root, False
        trail.append((node, path[end]))
        node = node.children[path[end]]
        pos = end + 1
    for parent, nibble in reversed(trail):
        children = _with_child(parent, nibble, new)
        # only a removed child can break the parent's normal form
        if new is None:
            new = _normalised(parent.partial, parent.value, children)
        else:
            new = _Node(parent.partial, parent.value, children)
    return new, True


def _root_hash(root: _Node, state_version: int) -> bytes:
    """Hash `root`, first encoding (iteratively, children first) every node whose reference is not cached."""
    if root.ref_version != state_version:
        stack = [root]
        while stack:
            node = stack[-1]
            if node.ref_version == state_version:
                stack.pop()
                continue
            children = node.children
            if children is None:
                assert node.value is not None
                encoding = _encode_leaf(node.partial, node.value, state_version)
            else:
                stale = [c for c in children if c is not None and c.ref_version != state_version]
                if stale:
                    stack.extend(stale)
                    continue
                refs = [None if c is None else c.ref for c in children]
                encoding = _encode_branch(node.partial, node.value, refs, state_version)
            node.ref = _reference(encoding)
            node.ref_version = state_version
            stack.pop()
    ref = root.ref
    return ref if len(ref) == 32 else blake2_256(ref)  # a 32-byte reference is already the hash


class Trie:
    """Persistent (immutable) trie: updates return a new Trie sharing every untouched node (path copying),
    so the state root after a block that touches k keys costs O(k * depth) hashing, not a rebuild.

    ``Trie(state_version)`` is the empty trie; `from_items` builds one in bulk; `updated` applies a change
    set (None deletes). Nodes cache their references, so `root` only re-encodes nodes on changed paths.
    """

    __slots__ = ("_node", "_len", "_root", "_version")

    def __init__(self, state_version: int = 1) -> None:
        _check_state_version(state_version)
        self._node: _Node | None = None
        self._len = 0
        self._root: bytes | None = None
        self._version = state_version

    @classmethod
    def _of(cls, node: _Node | None, length: int, state_version: int) -> Trie:
        trie = cls.__new__(cls)
        trie._node = node
        trie._len = length
        trie._root = None
        trie._version = state_version
        return trie

    @property
    def state_version(self) -> int:
        """0 (values always inline) or 1 (values of 33 bytes or more hashed into value nodes)."""
        return self._version

    @classmethod
    def from_items(cls, items: Iterable[tuple[bytes, bytes]] | Mapping[bytes, bytes], state_version: int = 1) -> Trie:
        """A trie of `items` (a mapping or (key, value) pairs; a repeated key keeps its last value)."""
        _check_state_version(state_version)
        ordered = _sorted_items(items)
        node = _build([_nibbles(k) for k, _ in ordered], [v for _, v in ordered], _leaf, _branch)
        return cls._of(node, len(ordered), state_version)

    def updated(self, changes: Mapping[bytes, bytes | None]) -> Trie:
        """A new trie with `changes` applied (a None value deletes the key); `self` is left unchanged."""
        node = self._node
        length = self._len
        for key, value in changes.items():
            path = _nibbles(_as_bytes(key, "key"))
            if value is None:
                node, removed = _delete(node, path)
                length -= removed
            else:
                node, added = _insert(node, path, _as_bytes(value, "value"))
                length += added
        if node is self._node:
            return self
        return self._of(node, length, self._version)

    @property
    def root(self) -> bytes:
        """The 32-byte state root (computed once per Trie; shared nodes keep their cached hashes)."""
        root = self._root
        if root is None:
            root = EMPTY_ROOT if self._node is None else _root_hash(self._node, self._version)
            self._root = root
        return root

    def get(self, key: bytes) -> bytes | None:
        """The value stored under `key`, or None."""
        path = _nibbles(_as_bytes(key, "key"))
        node = self._node
        pos = 0
        while node is not None and path.startswith(node.partial, pos):
            end = pos + len(node.partial)
            if end == len(path):
                return node.value
            if node.children is None:
                return None
            node = node.children[path[end]]
            pos = end + 1
        return None

    def __contains__(self, key: object) -> bool:
        return isinstance(key, bytes | bytearray | memoryview) and self.get(bytes(key)) is not None

    def __len__(self) -> int:
        return self._len

    def items(self) -> Iterator[tuple[bytes, bytes]]:
        """All (key, value) pairs in ascending key order."""
        if self._node is None:
            return
        stack: list[tuple[bytes, _Node]] = [(b"", self._node)]
        while stack:
            prefix, node = stack.pop()
            path = prefix + node.partial
            if node.value is not None:
                yield _key_of(path), node.value
            if node.children is not None:
                for nibble in range(15, -1, -1):
                    child = node.children[nibble]
                    if child is not None:
                        stack.append((path + _NIBBLE[nibble], child))

    def __repr__(self) -> str:
        return f"Trie({self._len} items, state_version={self.state_version}, root=0x{self.root.hex()})"
