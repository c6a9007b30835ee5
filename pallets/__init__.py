"""pallets."""
