"""Shared test helpers: a test runtime with an inherent-carrying pallet, and dev keys."""
