"""Tidy tables (pandas) of coded data: events and summaries, ratings, time series."""
