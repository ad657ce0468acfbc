"""The RPC surface: the method registry, the JSON-RPC protocol and the error catalog."""
