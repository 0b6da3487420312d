"""A cheap Argon2 for the test suite only (settings use it when DJANGO_TESTING is true).

Same algorithm name and hash format as Django's Argon2PasswordHasher, so hashes stay interchangeable; only the cost
parameters are tiny. Production keeps Django's Argon2 defaults.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 1024
    parallelism = 1
