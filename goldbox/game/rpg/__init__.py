"""The Gold Box RPG's rules, in the AD&D conventions of the Gold Box games (THAC0, descending AC)."""
