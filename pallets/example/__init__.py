"""The README's example pallet: one number per account, and a block counter."""

from pallets.example.pallet import Counter, Error, Event, TooLarge, ValueStored

__all__ = ["Counter", "Error", "Event", "TooLarge", "ValueStored"]
