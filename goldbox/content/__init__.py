"""The game's content, read from the YAML files in goldbox/data: the loader and `goldbox content check`."""

from goldbox.content.loader import ContentError, Problem, load_content, load_content_from

__all__ = ["ContentError", "Problem", "load_content", "load_content_from"]
