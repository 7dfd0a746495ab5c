#!/usr/bin/env python
"""The `samverka` console command: Django's management commands and the project's own."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["samverka", *sys.argv[1:]])


if __name__ == "__main__":
    main()
