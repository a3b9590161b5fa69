"""reliability package."""
