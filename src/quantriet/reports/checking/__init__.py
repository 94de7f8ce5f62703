"""Checking learning reports for copying: the copy index kept beside the database, and the jobs that use it.

* ``store``   — the one copy index of the deployment (derived data), opened under an exclusive file lock
                so several workers (and the rebuild command) never write it at once;
* ``arrival`` — checks every version not yet checked against the index, stores the findings, adds the text;
* ``queue``   — how a submission asks for its check (a django-tasks task on the ``copycheck`` queue).
"""
