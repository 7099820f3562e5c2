"""Use cases: keyword-only session and actor, typed inputs, coded domain errors; no UI and no Qt."""
