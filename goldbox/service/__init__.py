"""Use cases: load state, apply a command through the rules, append events, commit, publish."""
