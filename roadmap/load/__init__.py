"""Reading inputs, in the order a file goes through: `files` (which files may be read) → `yamltext`
(decoding, syntax errors) → `yamlsource` and `scalars` (YAML with positions) → `validation`
(pydantic's errors as problems placed on the YAML) → `catalogs` (with `lock`, `releases` and the disk
`cache`) and `assessments`; `ids` reads criterion ids as people type them."""
