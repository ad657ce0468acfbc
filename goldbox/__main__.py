"""Lets `python -m goldbox` work where the console script is not on PATH."""

from goldbox.cli import main

main()
