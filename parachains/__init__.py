"""parachains."""
