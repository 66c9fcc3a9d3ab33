"""Results as people and other tools read them: the terminal, JSON, OSCAL, JSON Schema, the
starter file, files written."""
