from app.storage import session_hooks

# signs trust-bearing rows as they are flushed; installed when a Database opens (session_hooks.py)
session_hooks.register("app.services.row_signing")
