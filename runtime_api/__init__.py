"""Runtime APIs: what node-side code may ask of a block's state (reference §8, the guide's "Runtime APIs").

Each query runs on the state right after the child block's initialization (the guide, "Architecture:
Runtime"): a throwaway overlay over the block's state, on which the child block is initialized (so a session
change due in the child is applied), then made read-only. Nothing is ever written to the block's state.
`candidate_events` is the exception: it reads the block's own events, which the child's initialization resets.
"""

from runtime_api.api import RuntimeApi, RuntimeApiError

__all__ = ["RuntimeApi", "RuntimeApiError"]
