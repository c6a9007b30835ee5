"""Issue 10 §5: consecutive nonces from `Chain.sign`, dropped extrinsics that cannot be missed, and call
arguments that do not fit their type refused by name."""

import warnings

import pytest

from frame import extrinsic as xt
from frame.chain import DroppedExtrinsicsWarning, ExtrinsicsDropped
from frame.pallet import Call, CallArgumentError
from pallets.example import Counter
from primitives.errors import CodecError
from tests.harness.runtime import ALICE, BOB, TestRuntime, new_chain, tick


def test_two_signed_for_one_signer_in_one_block_get_consecutive_nonces():
    chain = new_chain()
    first, second = chain.sign(Counter.tx.store(1), ALICE), chain.sign(Counter.tx.store(2), ALICE)
    bob = chain.sign(Counter.tx.store(3), BOB)
    assert (first.signature.nonce, second.signature.nonce, bob.signature.nonce) == (0, 1, 0)
    built = chain.build_block([tick(chain)], [first, second, bob], on_dropped="raise")
    assert not built.dropped and len(built.block.extrinsics) == 4
    chain.import_block(built.block)
    assert chain.nonce(ALICE.public_key) == 2
    with chain.reading():
        assert Counter.Values.get(ALICE.public_key) == 2
    # after the import the count starts again from the account's nonce
    assert chain.sign(Counter.tx.store(4), ALICE).signature.nonce == 2
    # an explicit nonce is used as given and not counted
    assert chain.sign(Counter.tx.store(5), ALICE, nonce=7).signature.nonce == 7
    assert chain.sign(Counter.tx.store(6), ALICE).signature.nonce == 3


def test_produce_block_with_two_extrinsics_of_one_signer_imports_both():
    chain = new_chain()
    chain.produce_block([tick(chain)], [chain.sign(Counter.tx.store(1), ALICE), chain.sign(Counter.tx.store(2), ALICE)])
    assert chain.nonce(ALICE.public_key) == 2


def test_a_dropped_extrinsic_warns_by_default_and_raises_when_asked():
    chain = new_chain()
    future = chain.sign(Counter.tx.store(1), ALICE, nonce=5)
    with pytest.warns(DroppedExtrinsicsWarning, match=r"block #1 left out 1 extrinsic: Counter\.store.*Future"):
        built = chain.build_block([tick(chain)], [future])
    assert len(built.dropped) == 1 and isinstance(built.dropped[0][1], xt.Future)
    with pytest.raises(ExtrinsicsDropped, match="nonce 5: Future") as caught:
        chain.build_block([tick(chain)], [future], on_dropped="raise")
    assert caught.value.built.dropped[0][0] == future
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(chain.build_block([tick(chain)], [future], on_dropped="keep").dropped) == 1
    # produce_block, whose caller never sees the built block, refuses and imports nothing
    with pytest.raises(ExtrinsicsDropped):
        chain.produce_block([tick(chain)], [future])
    assert chain.head.number == 0
    with pytest.raises(ValueError, match="on_dropped"):
        chain.build_block([tick(chain)], on_dropped="ignore")  # type: ignore[arg-type]


def test_an_argument_out_of_range_is_refused_by_name_when_the_call_is_built():
    with pytest.raises(CallArgumentError) as caught:
        Counter.tx.store(2**32)
    assert str(caught.value) == "Counter.store: argument value = 4294967296 does not fit in u32 (0..4294967295)"
    assert isinstance(caught.value, CodecError) and caught.value.arg == "value"
    with pytest.raises(CallArgumentError, match=r"argument value = -1 does not fit in u32 \(0\.\.4294967295\)"):
        Counter.tx.store(-1)
    with pytest.raises(CallArgumentError, match=r"argument value = 'x' is not an integer for u32"):
        Counter.tx.store(value="x")


def test_an_argument_out_of_range_is_refused_by_name_when_the_call_is_encoded():
    bad = Call(Counter, "store", (2**32,))  # built without the tx builder's check
    with pytest.raises(CallArgumentError, match=r"^Counter\.store: argument value = 4294967296 does not fit in u32"):
        xt.encode(TestRuntime, xt.unsigned(bad))
    chain = new_chain()
    with pytest.raises(CallArgumentError, match="does not fit in u32"):
        chain.sign(bad, ALICE)
