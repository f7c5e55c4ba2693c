"""Leaflet maps served offline: local assets, map elements, basemaps and rendering, shared by every map."""
