"""The meetings part of the built-in Angered example (see ``loader``)."""

from samverka.meetings.example.loader import load_example

__all__ = ["load_example"]
