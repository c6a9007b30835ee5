"""The Initializer pallet: the parachain pallets' initialization order and the forwarding of session changes."""

from pallets.initializer.pallet import (
    Initializer,
    SessionChangeAfterInitialization,
    hooked_pallets,
)
from pallets.initializer.types import SessionChangeNotification

__all__ = [
    "Initializer",
    "SessionChangeAfterInitialization",
    "SessionChangeNotification",
    "hooked_pallets",
]
