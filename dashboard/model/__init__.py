"""The data model: vocabularies, the curated table's loading and validation, sources, filters, rows, export."""
