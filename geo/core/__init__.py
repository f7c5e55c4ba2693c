"""Foundations every package stands on: paths, data files and their error, CRSs, geometry helpers, map views."""


from geo.core.datafiles import DataFileError, read_toml, read_vector
from geo.core.derived import DERIVED_DIR, code_and_data_digest, inputs_digest, load_or_build, read_frame, write_frame
from geo.core.extent import Extent
from geo.core.geometry import (
    REGION_EQUAL_AREA,
    WGS84,
    geodesic_distance_km,
    geodesic_length_km,
    linear_part,
    polygonal_part,
    repair_polygon,
)
from geo.core.hexgrid import cell_centres, cells_of, hexagon_area_km2, hexagon_polygons, lattice_centres
from geo.core.paths import DATA_DIR, GEOGRAPHY_DIR, ROOT
from geo.core.settings import BUNDLE_ENV, MAX_UPLOAD_ENV, SETTINGS, env_setting
from geo.core.text import BIDI_CONTROLS, count_phrase, without_controls
from geo.core.timespan import TimeSpan, TimeWindow, claim_span, iso_span, parse_window
from geo.core.view import to_world_pixels, view_bounds, view_for_frame, world_pixel

__all__ = [
    "BIDI_CONTROLS",
    "count_phrase",
    "without_controls",
    "DERIVED_DIR",
    "code_and_data_digest",
    "inputs_digest",
    "load_or_build",
    "read_frame",
    "write_frame",
    "BUNDLE_ENV",
    "MAX_UPLOAD_ENV",
    "SETTINGS",
    "env_setting",
    "Extent",
    "cell_centres",
    "cells_of",
    "hexagon_area_km2",
    "hexagon_polygons",
    "lattice_centres",
    "DATA_DIR",
    "DataFileError",
    "GEOGRAPHY_DIR",
    "REGION_EQUAL_AREA",
    "ROOT",
    "WGS84",
    "geodesic_distance_km",
    "geodesic_length_km",
    "linear_part",
    "polygonal_part",
    "read_toml",
    "read_vector",
    "repair_polygon",
    "to_world_pixels",
    "view_bounds",
    "view_for_frame",
    "TimeSpan",
    "TimeWindow",
    "claim_span",
    "iso_span",
    "parse_window",
    "world_pixel",
]
