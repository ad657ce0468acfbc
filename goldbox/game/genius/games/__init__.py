"""The shipped Genius games; importing this package registers each game and its bots."""
