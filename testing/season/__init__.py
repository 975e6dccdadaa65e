"""A season in a test: the whole consultation mission played day by day through the real app (signed
requests, the strict Slack stand-in, the real delivery) on a manual clock, with what a team does and what
strikes drawn from one seed, and the invariants checked after every simulated day.

Run it with `make simulate SEED=7 DAYS=250` (or `python -m testing.season --seed 7 --days 250`); a broken
invariant stops it with the seed, the day, the step and what broke, and the same seed replays it exactly:
every choice, every instant and every fault point comes from the seed. `cast` says who is in it,
`corpus` what they type, `world` what a day brings, `invariants` what must hold, `play` runs it.
"""
