"""Offline-first CRM for bank relationship managers."""

__version__ = "0.1.0"
