"""The authorization matrix, split by app.

``common`` holds the profiles and the Row type. Every ``rows_<app>.py`` module declares the rows of
its app's URL patterns (``ROWS``), optionally the objects those rows need (``prepare(world)``) and
Annanstad objects to request under Testby's URLs (``foreign(world) -> {url name: kwargs}``), which
must answer 404. ``tests/test_authorization_matrix.py`` runs them all.
"""
