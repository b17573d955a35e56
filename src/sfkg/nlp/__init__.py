"""The spaCy side of sfkg: one pipeline (model + entity ruler + sfkg's components)."""
