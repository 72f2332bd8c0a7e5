"""The audit trail: append-only events, their recording and the read-only browser."""
