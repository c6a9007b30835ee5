"""What the Initializer hands the parachain pallets at a session change (reference §1).

`SessionChangeNotification` lives in `pallets.traits`, beside the protocols that carry it, so that the parachain
pallets need not import this package; it is re-exported here.
"""

from __future__ import annotations

from pallets.traits import SessionChangeNotification

__all__ = ["SessionChangeNotification"]
