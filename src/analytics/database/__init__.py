"""Stage 5, database: every stage's rows in, one DuckDB file (and Parquet copies) out, written atomically.

`build` runs the stages in order; `schema` gives every table's columns and descriptions; `storage` writes to
a temporary file and renames it into place; `connect` opens the result read-only for notebooks and reports.
"""
