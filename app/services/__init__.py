from . import row_signing  # noqa: F401  (signs trust-bearing rows as they are flushed: a session hook)
