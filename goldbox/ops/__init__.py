"""Running goldbox: configuration, logs, metrics, health."""
