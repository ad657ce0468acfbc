"""Backends chosen by URL: in-process by default, Redis when GOLDBOX_REDIS_URL is set."""
