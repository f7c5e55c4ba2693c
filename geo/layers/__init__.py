"""Map layers: specs from ``data/layers.toml``, builders, actor layers, symbology, legend and map markup."""


from geo.layers.actors import actor_layer_id, actor_layers
from geo.layers.builders import afghanistan_border_table, central_asian_borders, corridor, wakhan_borders
from geo.layers.features import COORD_DECIMALS, StyledFeature, feature_ids, rounded_geometry, styled_features
from geo.layers.legend import (
    SCHEMATIC_LABEL,
    SCHEMATIC_NOTE,
    LegendEntry,
    LegendGroup,
    LegendRow,
    is_schematic,
    legend_entries,
    legend_groups,
    status_entries,
)
from geo.layers.markup import (
    MAP_PANES,
    ZOOM_CLASSES_JS,
    feature_pane,
    legend_html,
    legend_panel_html,
    map_css,
    ramp_html,
    tooltip_html,
)
from geo.layers.picking import SPECIFICITY, FeatureIndex, Hit, click_anchor, specificity_tier
from geo.layers.placement import LABEL_ZOOMS, PlacedLabel, label_key, label_layout, place_labels
from geo.layers.ramp import Ramp, RampClass, nice_step
from geo.layers.specs import Layer, LayerSpec, base_layers, focus_layer_ids, layer_specs, map_layers
from geo.layers.symbology import confidences, feature_style, leaflet_options, status_label, statuses
from geo.layers.window import EVENT_DATE, event_days, is_timed, layer_in_window, layers_window

__all__ = [
    "MAP_PANES",
    "feature_pane",
    "Ramp",
    "RampClass",
    "SCHEMATIC_LABEL",
    "SCHEMATIC_NOTE",
    "is_schematic",
    "nice_step",
    "ramp_html",
    "COORD_DECIMALS",
    "StyledFeature",
    "feature_ids",
    "map_css",
    "rounded_geometry",
    "styled_features",
    "Layer",
    "LayerSpec",
    "focus_layer_ids",
    "map_layers",
    "LegendEntry",
    "ZOOM_CLASSES_JS",
    "actor_layer_id",
    "actor_layers",
    "afghanistan_border_table",
    "base_layers",
    "central_asian_borders",
    "confidences",
    "corridor",
    "feature_style",
    "label_key",
    "label_layout",
    "place_labels",
    "click_anchor",
    "specificity_tier",
    "FeatureIndex",
    "Hit",
    "LABEL_ZOOMS",
    "PlacedLabel",
    "SPECIFICITY",
    "layer_specs",
    "leaflet_options",
    "legend_entries",
    "legend_groups",
    "legend_panel_html",
    "LegendGroup",
    "LegendRow",
    "legend_html",
    "status_entries",
    "status_label",
    "statuses",
    "tooltip_html",
    "wakhan_borders",
    "EVENT_DATE",
    "event_days",
    "is_timed",
    "layer_in_window",
    "layers_window",
]
