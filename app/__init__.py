"""Dabir's core: domain, storage, services and command line. No Qt and no reportlab here."""
__version__ = "0.1.0"
