"""How passwords are stored: Argon2id at OWASP's recommended parameters.

Django's default, PBKDF2-SHA256 at 1 000 000 iterations, costs ~0.25 s of CPU per login on a
server core, and that CPU is what a sync web worker cannot give to pages while it hashes
(docs/scaling.md: logins were the tail of every page under load). Argon2id is OWASP's first
choice for password storage and is memory-hard, so a GPU farm gains far less against it than
against PBKDF2; at OWASP's parameters (19 MiB, two passes, one lane) it costs ~35 ms.

Passwords stored with PBKDF2 keep working: Django verifies them with the next hasher in
PASSWORD_HASHERS and stores them again with this one at the user's next login.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id with m=19 MiB, t=2, p=1 (OWASP Password Storage Cheat Sheet's minimum).

    The algorithm name stays ``argon2``: a stored hash carries its own parameters, so a hash
    made by Django's stock hasher verifies here too and is re-stored with these parameters.
    """

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
