"""samverka: local crime prevention, organised together."""
