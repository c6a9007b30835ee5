"""What Inclusion reads from and tells other pallets, through the contract in pallets/README.md.

Every call into Configuration, Paras and Validity goes through one of these functions (called as
``_deps.name()``), so there is one place where Inclusion meets them. The imports are local because those
pallets sit beside this one and may import it in turn.
"""

from __future__ import annotations

from collections.abc import Sequence

from frame import io
from primitives.parachain import (
    AbridgedCandidateReceipt,
    HeadData,
    HostConfiguration,
    ParaId,
    ValidationCode,
    ValidatorIndex,
    ValidityAttestation,
)


def config() -> HostConfiguration:
    """The active host configuration (`Configuration.config()`)."""
    from pallets.configuration import Configuration

    return Configuration.config()


def parachains() -> list[ParaId]:
    """The registered parachains, sorted (`Paras.parachains()`); the i'th owns core i."""
    from pallets.paras import Paras

    return list(Paras.parachains())


def last_code_upgrade(para: ParaId, include_future: bool) -> int | None:
    """The relay-parent number of the para's latest (or pending) code upgrade (`Paras.last_code_upgrade`)."""
    from pallets.paras import Paras

    return Paras.last_code_upgrade(para, include_future)


def schedule_code_upgrade(para: ParaId, code: ValidationCode, expected_at: int) -> None:
    """Have the para switch to `code` from relay-parent number `expected_at` (`Paras.schedule_code_upgrade`)."""
    from pallets.paras import Paras

    Paras.schedule_code_upgrade(para, code, expected_at)


def note_new_head(para: ParaId, head: HeadData, execution_context: int) -> None:
    """Record the para's new head, enacted in the context of relay-parent `execution_context` (`Paras`)."""
    from pallets.paras import Paras

    Paras.note_new_head(para, head, execution_context)


def note_included(
    receipt: AbridgedCandidateReceipt, backing: Sequence[tuple[ValidatorIndex, ValidityAttestation]]
) -> None:
    """Tell Validity that `receipt` was enacted, with the votes that backed it (`Validity.note_included`).

    A no-op when the runtime has no pallet named ``Validity`` (test runtimes without it).
    """
    runtime = io.ext.runtime
    validity = runtime.by_name.get("Validity") if runtime is not None else None
    if validity is None:
        return
    from pallets.validity import BackingVote

    votes = [BackingVote(index, attestation) for index, attestation in backing]
    validity.note_included(receipt.parachain_index, receipt.hash(), votes)
