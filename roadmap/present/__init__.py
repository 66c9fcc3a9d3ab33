"""Results as people and other tools read them: words and numbers, the terminal, JSON, OSCAL, JSON Schema, the starter file, files written."""
