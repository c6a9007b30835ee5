"""External test vectors, pinned in one place with their sources."""

# shared/reference/substrate-frame.md §1.8 and Appendix A (upstream: polkadot-sdk chain-spec res/*.json,
# node-template benchmark whitelists, w3f/polkadot-tests HostApiOutputs.jl).
TWOX128_SYSTEM = "26aa394eea5630e07c48ae0c9558cef7"
TWOX128_ACCOUNT = "b99d880ec681799c0cf30e8886371da9"
SYSTEM_NUMBER_KEY = "26aa394eea5630e07c48ae0c9558cef702a5c1b19ab7a04f536c519aca4983ac"
SYSTEM_EVENTS_KEY = "26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7"
SYSTEM_EVENT_COUNT_KEY = "26aa394eea5630e07c48ae0c9558cef70a98fdbe9ce6c55837576c60c7af3850"
SYSTEM_EXECUTION_PHASE_KEY = "26aa394eea5630e07c48ae0c9558cef7ff553b5a9862a516939d82b3d3d8661a"
SYSTEM_ACCOUNT_ALICE_KEY = (
    "26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9"
    "de1e86a9a8c739864cf3cc5ec2bea59fd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"
)
SYSTEM_BLOCK_HASH_0_KEY = "26aa394eea5630e07c48ae0c9558cef7a44704b568d21667356a5a050c118746b4def25cfda6ef3a00000000"
TIMESTAMP_NOW_KEY = "f0c365c3cf59d671eb72da0e7a4113c49f1f0515f462cdcf84e0f1d6045dfcbb"
STORAGE_VERSION_TWOX128 = "4e7b9012096b41c4eb3aaf947f6ea429"
# w3f/polkadot-tests fixtures/host-api/HostApiOutputs.jl ("static")
TWOX128_STATIC = "50946b0f6af893d85f16c85eb1eb1724"
TWOX64_STATIC = "50946b0f6af893d8"
BLAKE2_128_STATIC = "440973e4e50902f1d0ec97de357eb2fd"
BLAKE2_256_STATIC = "2c5774435a18ac7aa03d294838bafb5fc05181252adc4f56d4d2771f7346788c"
# Substrate's dev account //Alice (sr25519)
ALICE_PUBLIC = "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"
# DESIGN.md §5: keccak256(0u64 LE), the adder's genesis post_state
KECCAK_ZERO_U64 = "011b4d03dd8c01f1049143cf9c4c817e4b167f1d1b83e5c6f0f10d89ba1e7bce"
