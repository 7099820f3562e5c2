"""Qt desktop app: widgets, item models, controllers and dialogs (the only place PySide6 is imported)."""
