"""Example agents for goldbox, each a script: `python examples/agent_prisoners_dilemma.py --help`."""
