"""figure."""
