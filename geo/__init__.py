"""Pure geospatial logic for Spillover Atlas.

Nothing in this package imports Streamlit: every function here is usable from a
command line, a test or a notebook, and the app only renders what it returns.
"""
