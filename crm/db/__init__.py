"""Storage layer: workspace, encryption keys, engines, sessions and migrations."""
