"""Builders for what an inclusion inherent carries: moved to `pallets.scenarios` (shared with the benchmarks,
which may not import tests); re-exported here under the same names."""

from pallets.scenarios import (
    DEV_NAMES,
    attest,
    back_candidate,
    bits,
    busiest_inclusion_data,
    collator_key,
    full_inclusion_data,
    genesis_config,
    make_receipt,
    resign_receipt,
    sign_bitfield,
    signed_bitfields,
    signing_context,
    validator_ids,
    validator_key,
    validator_keys,
)

__all__ = [
    "DEV_NAMES", "attest", "back_candidate", "bits", "busiest_inclusion_data", "collator_key",
    "full_inclusion_data", "genesis_config", "make_receipt", "resign_receipt", "sign_bitfield", "signed_bitfields",
    "signing_context", "validator_ids", "validator_key", "validator_keys",
]  # fmt: skip
