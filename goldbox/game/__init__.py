"""Pure game rules: no I/O, no clock, no global random.

Everything here is deterministic given a seed: the same seed and the same commands give the same
state and events, byte for byte. Nothing in this package imports from the rest of goldbox.
"""
