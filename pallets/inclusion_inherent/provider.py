"""The block author's side of the inclusion inherent: turn offered bitfields and candidates into the call.

`create_inherent` must run on the state of the block being built, right after its initialization (where the
runtime APIs that produced the offered data ran too). `inclusion_inherent_for` sets that up on a throwaway
overlay over the parent state, asks the pallet, and discards the overlay.
"""

from __future__ import annotations

from collections.abc import Sequence

from frame import io
from frame.backend import Backend
from frame.block import EMPTY_DIGEST, Digest, Header
from frame.executive import Executive
from frame.pallet import Call
from frame.state import OverlayedState
from pallets.inclusion_inherent.pallet import INHERENT_IDENTIFIER, InclusionInherent
from primitives.parachain import BackedCandidate, SignedAvailabilityBitfield


def inclusion_inherent_for(
    executive: Executive,
    parent_state: Backend,
    parent: Header,
    bitfields: Sequence[SignedAvailabilityBitfield],
    backed_candidates: Sequence[BackedCandidate],
    digest: Digest = EMPTY_DIGEST,
) -> Call:
    """The inclusion inherent for a child of `parent`: the offered data if it applies, else the empty one."""
    state = OverlayedState(parent_state)
    header = Header(parent.hash(), parent.number + 1, bytes(32), bytes(32), digest)
    with io.using(state, executive.runtime):
        executive.initialize_block(header)
        made = InclusionInherent.create_inherent({INHERENT_IDENTIFIER: (list(bitfields), list(backed_candidates))})
    state.discard()
    return made
