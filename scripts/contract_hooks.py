"""schemathesis hooks for scripts/contract.sh (loaded through schemathesis.toml's `hooks`).

CPython 3.11 keeps the AST constructor's recursion depth in interpreter-wide state, so two threads in `ast.parse`
at once can fail with "SystemError: AST constructor recursion depth mismatch" (python/cpython#106905). Hypothesis
parses lambda sources to describe strategies, and `--workers 2` runs two threads: the contract run failed with that
error once in a few thousand cases. Parsing one thread at a time removes the race; nothing else changes.
"""

import ast
import sys
import threading

if sys.version_info < (3, 12):
    _lock = threading.Lock()
    _parse = ast.parse

    def _serialised_parse(*args, **kwargs):
        with _lock:
            return _parse(*args, **kwargs)

    ast.parse = _serialised_parse
