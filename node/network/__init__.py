"""The in-process network and the local network of nodes on it.

`net` (peers with seeded latency and loss, gossip, requests), `wire` (the protocols' payloads), `clock`
(virtual time), `node` (a node and the validator's subsystem set), `local` (`LocalNetwork`: validators and
collators of one chain spec, what `parahost run` runs), `report` (what a run reports: block records, para
summaries, the `RunResult`).
"""
