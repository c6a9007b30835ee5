"""Moved: the parachain host's genesis checks belong to its runtime (`runtime.parachain_checks`, run through
`Runtime.genesis_checks`). Kept for compatibility."""

from runtime.parachain_checks import check_parachain_host

__all__ = ["check_parachain_host"]
