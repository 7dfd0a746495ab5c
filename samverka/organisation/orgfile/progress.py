"""The text progress bar of the commands (kept here for the organisation file's imports)."""

from samverka.core.progress import text_progress

__all__ = ["text_progress"]
