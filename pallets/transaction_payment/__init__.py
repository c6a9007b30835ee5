"""The TransactionPayment pallet: fees for signed extrinsics, the fee multiplier and TransactionPaymentApi."""

from pallets.transaction_payment import fees
from pallets.transaction_payment.events import Event, TransactionFeePaid
from pallets.transaction_payment.pallet import AUTHOR_ENGINE, GenesisConfig, TransactionPayment, author_from_digest
from pallets.transaction_payment.types import (
    FeeDetails,
    InclusionFee,
    Releases,
    RuntimeDispatchInfo,
    WeightToFeeCoefficient,
)

__all__ = ["AUTHOR_ENGINE", "Event", "FeeDetails", "GenesisConfig", "InclusionFee", "Releases",
           "RuntimeDispatchInfo", "TransactionFeePaid", "TransactionPayment", "WeightToFeeCoefficient",
           "author_from_digest", "fees"]  # fmt: skip
