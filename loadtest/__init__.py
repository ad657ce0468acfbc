"""The load test: Locust players of the Gold Box RPG (locustfile.py) and the runner (run.py)."""
