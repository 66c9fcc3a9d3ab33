"""Reading inputs: YAML with positions, catalogs and their release lock, assessments, the catalog cache."""
