"""The query API (FastAPI): purpose-limited reads of children and compliance queries, every access audited."""
