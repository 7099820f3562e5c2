"""Dialogs: login/unlock, forms, confirmations."""
