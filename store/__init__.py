"""The SQLite store: schema, migrations, typed queries and the append-only review log."""

from store.connection import DatabaseLocked, StoreError
from store.rows import CLAIM_STATUSES, FLAG_STATUSES
from store.schema import SCHEMA_VERSION
from store.store import AnalysisPayload, PendingAnalysis, Store, WriteSummary

__all__ = [
    "CLAIM_STATUSES",
    "FLAG_STATUSES",
    "SCHEMA_VERSION",
    "AnalysisPayload",
    "DatabaseLocked",
    "PendingAnalysis",
    "Store",
    "StoreError",
    "WriteSummary",
]
