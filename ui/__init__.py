"""Streamlit and folium glue shared by ``app.py`` and ``pages/``: rendering only."""
