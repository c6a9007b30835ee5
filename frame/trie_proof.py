"""Merkle proofs for Substrate's trie (`frame.trie`): the encoded nodes read while looking a key up.

A proof for a key is what Substrate's ``sp_trie::Recorder`` records on a lookup: the encoding of every node
from the root down to the node holding the key, root first. A node shorter than 32 bytes is inlined in its
parent and so not listed separately; the root is always listed; in state version 1 a hashed value's node (the
value itself) comes last. `trie_proofs` builds the trie once and returns every key's proof.

`read_proof` checks one: it loads the nodes by their BLAKE2b-256 hash, walks from the root to the key and
returns the value, or None when the proof shows the key absent. It is stricter than Substrate's
``read_proof_check``, which ignores surplus nodes: a node the walk does not use (or a duplicate) is
`TrieProofHasExtraNodes`, a node the walk needs but cannot find is `TrieProofIncomplete`, and a node that does
not decode as a trie node is `TrieProofBadNode`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from frame.trie import _build, _encode_branch, _encode_leaf, _key_of, _nibbles, _sorted_items, trie_root
from primitives.errors import ParahostError
from primitives.hashing import blake2_256
from primitives.scale import CodecError, decode_compact

__all__ = [
    "TrieProofBadNode",
    "TrieProofError",
    "TrieProofHasExtraNodes",
    "TrieProofIncomplete",
    "read_proof",
    "trie_proofs",
]


class TrieProofError(ParahostError):
    """A trie proof does not prove what was asked."""


class TrieProofIncomplete(TrieProofError):
    """A node the lookup needs is not in the proof."""


class TrieProofHasExtraNodes(TrieProofError):
    """The proof holds nodes the lookup does not use (or the same node twice)."""


class TrieProofBadNode(TrieProofError):
    """A node in the proof is not a valid trie node encoding."""


# -- building proofs -------------------------------------------------------------------------------------


class _Node:
    __slots__ = ("partial", "value", "children", "encoding")

    def __init__(self, partial: bytes, value: bytes | None, children: list[_Node | None] | None, encoding: bytes):
        self.partial = partial
        self.value = value
        self.children = children
        self.encoding = encoding


def trie_proofs(
    items: Iterable[tuple[bytes, bytes]] | Mapping[bytes, bytes], state_version: int = 1
) -> tuple[bytes, dict[bytes, list[bytes]]]:
    """The trie root of `items` and, for every key, its proof (the encoded nodes from the root, root first)."""
    ordered = _sorted_items(items)
    paths = [_nibbles(key) for key, _ in ordered]

    def leaf(partial: bytes, value: bytes) -> _Node:
        return _Node(partial, value, None, _encode_leaf(partial, value, state_version))

    def branch(partial: bytes, value: bytes | None, children: list[_Node | None]) -> _Node:
        refs = [None if c is None else _ref(c.encoding) for c in children]
        return _Node(partial, value, children, _encode_branch(partial, value, refs, state_version))

    top = _build(paths, [value for _, value in ordered], leaf, branch)
    if top is None:
        return trie_root((), state_version), {}
    proofs: dict[bytes, list[bytes]] = {}
    stack: list[tuple[_Node, bytes, list[bytes]]] = [(top, b"", [top.encoding])]
    while stack:
        node, prefix, proof = stack.pop()
        path = prefix + node.partial
        if node.value is not None:
            hashed = state_version == 1 and len(node.value) >= 33
            proofs[_key_of(path)] = [*proof, node.value] if hashed else proof
        for nibble, child in enumerate(node.children or ()):
            if child is not None:
                inline = len(child.encoding) < 32
                stack.append((child, path + bytes((nibble,)), proof if inline else [*proof, child.encoding]))
    return blake2_256(top.encoding), proofs


def _ref(encoding: bytes) -> bytes:
    return encoding if len(encoding) < 32 else blake2_256(encoding)


# -- checking a proof ------------------------------------------------------------------------------------

# first-byte prefix, bits of the partial-key length, kind: (is branch, has value, value hashed)
_KINDS = (
    (0xC0, 0xC0, 6, (True, True, False)),
    (0xC0, 0x80, 6, (True, False, False)),
    (0xC0, 0x40, 6, (False, True, False)),
    (0xE0, 0x20, 5, (False, True, True)),
    (0xF0, 0x10, 4, (True, True, True)),
)


def _decode_node(enc: bytes) -> tuple[bytes, bytes | None, bool, list[bytes | None] | None]:
    """(partial nibbles, value or value hash, value hashed, 16 child refs or None for a leaf)."""
    if enc == b"\x00":
        return b"", None, False, None
    first = enc[0] if enc else 0
    found = next(((bits, kind) for mask, prefix, bits, kind in _KINDS if first & mask == prefix), None)
    if found is None:
        raise TrieProofBadNode(f"unknown node header byte 0x{first:02x}")
    bits, (is_branch, has_value, hashed) = found
    limit = (1 << bits) - 1
    length, pos = first & limit, 1
    if length == limit:
        while True:
            if pos >= len(enc):
                raise TrieProofBadNode("node header truncated")
            length += enc[pos]
            pos += 1
            if enc[pos - 1] < 255:
                break
    packed = enc[pos : pos + (length + 1) // 2]
    pos += (length + 1) // 2
    partial = _nibbles(packed)
    if len(partial) != length + (length & 1):
        raise TrieProofBadNode("partial key truncated")
    if length & 1:
        if partial[0]:
            raise TrieProofBadNode("bad padding in an odd-length partial key")
        partial = partial[1:]
    children: list[bytes | None] | None = None
    bitmap = 0
    if is_branch:
        bitmap = int.from_bytes(enc[pos : pos + 2], "little")
        pos += 2
        if not bitmap:
            raise TrieProofBadNode("branch without children")
    value = None
    if has_value:
        value, pos = _read_bytes(enc, pos, 32 if hashed else None)
    if is_branch:
        children = [None] * 16
        for i in range(16):
            if bitmap >> i & 1:
                children[i], pos = _read_bytes(enc, pos, None)
                if len(children[i]) > 32:  # type: ignore[arg-type]
                    raise TrieProofBadNode("child reference longer than a hash")
    if pos != len(enc):
        raise TrieProofBadNode(f"{len(enc) - pos} trailing byte(s) after the node")
    return partial, value, hashed, children


def _read_bytes(enc: bytes, pos: int, fixed: int | None) -> tuple[bytes, int]:
    if fixed is None:
        try:
            fixed, pos = decode_compact(enc, pos)
        except CodecError as e:
            raise TrieProofBadNode(f"bad length prefix: {e}") from None
    if pos + fixed > len(enc):
        raise TrieProofBadNode("node truncated")
    return enc[pos : pos + fixed], pos + fixed


def read_proof(root: bytes, key: bytes, proof: Sequence[bytes]) -> bytes | None:
    """The value of `key` in the trie with root `root`, read through `proof` only; None if the proof shows
    the key absent. Raises `TrieProofIncomplete`, `TrieProofHasExtraNodes` or `TrieProofBadNode`."""
    db: dict[bytes, bytes] = {}
    for node in proof:
        digest = blake2_256(bytes(node))
        if digest in db:
            raise TrieProofHasExtraNodes(f"node 0x{digest.hex()} is in the proof twice")
        db[digest] = bytes(node)
    used: set[bytes] = set()

    def load(ref: bytes, what: str) -> bytes:
        if ref not in db:
            raise TrieProofIncomplete(f"the proof lacks {what} 0x{ref.hex()}")
        used.add(ref)
        return db[ref]

    path = _nibbles(bytes(key))
    encoding = load(bytes(root), "the root node")
    pos = 0
    value: bytes | None = None
    while True:
        partial, found, hashed, children = _decode_node(encoding)
        if not path.startswith(partial, pos):
            break
        end = pos + len(partial)
        if end == len(path):
            value = found if found is None or not hashed else load(found, "the value node")
            break
        child = None if children is None else children[path[end]]
        if child is None:
            break
        encoding = child if len(child) < 32 else load(child, "node")
        pos = end + 1
    if len(used) != len(db):
        raise TrieProofHasExtraNodes(f"{len(db) - len(used)} node(s) of the proof are not on the path to the key")
    return value
