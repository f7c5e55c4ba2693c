"""The timeline chart: each actor's claims along time (and uploaded events), with the essay's date marked.

Drawn with Vega-Lite through ``st.altair_chart`` (Streamlit ships both; nothing is fetched).
A claim mark is selectable: :func:`timeline_chart` names the selections :data:`SELECTIONS`,
whose ``id`` field the page turns into a focus request on the main map.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import altair as alt
import pandas as pd

from geo.bundle import Bundle, claim_timeline, essay_end, time_domain
from geo.layers import EVENT_DATE, Layer, event_days

#: One selection per claim mark (a shared one over two layers makes Vega-Lite repeat a signal name),
#: by mark kind: diamonds for dated reports, bars for periods.
SELECTIONS = ("claim", "claim_period")
_SELECTION_OF = {"date": SELECTIONS[0], "period": SELECTIONS[1]}
EVENTS_ROW = "Your events: {title}"
_ROW_PX = 34


def timeline_rows(bundle: Bundle, layers: Sequence[Layer] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(dated claims, events) as chart rows; events come from uploaded layers with an ``event_date``."""
    domain = time_domain(bundle.features, [*event_days(layers), essay_end(bundle.meta)])
    last = domain[1] if domain else dt.date.today()
    claims = claim_timeline(bundle.features, open_end=last)
    claims = claims[claims["dated"].astype(bool)].copy()  # an empty column is object-typed: a column pick
    claims["mark"] = ["period" if s != e or o else "date" for s, e, o in zip(claims["start"], claims["end"],
                                                                            claims["ongoing"])]
    events = [pd.DataFrame({"row": EVENTS_ROW.format(title=layer.spec.title),
                            "day": pd.to_datetime(layer.frame[EVENT_DATE].astype(str).str[:10], errors="coerce")})
              for layer in layers if EVENT_DATE in layer.frame.columns and not layer.frame.empty]
    events_frame = pd.concat(events, ignore_index=True).dropna() if events else pd.DataFrame(columns=["row", "day"])
    return claims, events_frame


def chart_selections(claims: pd.DataFrame) -> list[str]:
    """The selections :func:`timeline_chart` defines for these claim rows: one per mark kind present."""
    kinds = set(claims["mark"])
    return [name for kind, name in _SELECTION_OF.items() if kind in kinds]


def timeline_chart(bundle: Bundle, claims: pd.DataFrame, events: pd.DataFrame) -> alt.LayerChart:
    """Claims as bars (periods) and diamonds (dated reports) per actor, events as ticks, the essay as a rule."""
    actors = [a.name for a in bundle.actors.values() if a.name in set(claims["actor_name"])]
    rows = actors + sorted(set(events["row"])) if len(events) else actors
    colours = alt.Scale(domain=[a.name for a in bundle.actors.values()],
                        range=[a.colour for a in bundle.actors.values()])
    pick = alt.selection_point(name=SELECTIONS[0], fields=["id"], on="click", clear="dblclick")
    pick_period = alt.selection_point(name=SELECTIONS[1], fields=["id"], on="click", clear="dblclick")
    y = alt.Y("actor_name:N", title=None, sort=rows, scale=alt.Scale(domain=rows))
    tooltip = [alt.Tooltip("label:N", title="Claim"), alt.Tooltip("actor_name:N", title="Actor"),
               alt.Tooltip("when:N", title="When"), alt.Tooltip("status_label:N", title="Status")]
    base = alt.Chart(claims).encode(
        y=y, color=alt.Color("actor_name:N", scale=colours, legend=None), tooltip=tooltip,
    )
    periods = base.transform_filter(alt.datum.mark == "period").mark_bar(height=10, cornerRadius=2).encode(
        # Vega's own multi-scale labels ("2023", "April", …): a fixed "%b %Y" repeated "Jan 2023" at every
        # weekly tick of a short span
        x=alt.X("start:T", title=None, axis=alt.Axis(labelOverlap=True)), x2="end:T").add_params(pick_period)
    dates = base.transform_filter(alt.datum.mark == "date").mark_point(
        shape="diamond", size=170, filled=True, stroke="#222222", strokeWidth=0.8,
    ).encode(x=alt.X("start:T", title=None)).add_params(pick)
    # A mark kind with no rows is left out: Vega-Lite warns of an "Infinite extent" for an empty layer.
    kinds = set(claims["mark"])
    layers: list[alt.Chart] = [chart for kind, chart in (("period", periods), ("date", dates)) if kind in kinds]
    if len(events):
        layers.append(alt.Chart(events).mark_tick(thickness=1, size=14, color="#555555", opacity=0.6).encode(
            x=alt.X("day:T", title=None), y=alt.Y("row:N", sort=rows, scale=alt.Scale(domain=rows)),
            tooltip=[alt.Tooltip("day:T", title="Event day"), alt.Tooltip("row:N", title="Layer")]))
    day = essay_end(bundle.meta)
    if day is not None:
        essay = pd.DataFrame({"day": [pd.Timestamp(day)],
                              "label": [f"essay ({bundle.meta.date or bundle.meta.year})"]})
        # Every layer's x untitled: Vega-Lite joins the layers' field names into one title ("start, day").
        rule = alt.Chart(essay).mark_rule(color="#B00020", strokeDash=[5, 3], strokeWidth=2).encode(
            x=alt.X("day:T", title=None))
        text = alt.Chart(essay).mark_text(align="right", dx=-4, dy=-6, color="#B00020", fontWeight="bold").encode(
            x=alt.X("day:T", title=None), y=alt.value(0), text="label:N")
        layers += [rule, text]
    return alt.layer(*layers).properties(height=max(160, _ROW_PX * len(rows)))


def claim_choices(claims: pd.DataFrame) -> dict[str, str]:
    """Claim id → "label (actor, when)", oldest first: the list under the chart."""
    ordered = claims.sort_values(["start", "actor_name"], kind="stable")
    return {row.id: f"{row.label} ({row.actor_name}, {row.when})" for row in ordered.itertuples(index=False)}


def selected_claim(event) -> str | None:
    """The claim id picked in the chart's selection event, or ``None``."""
    for name in SELECTIONS:
        try:
            points = event.selection[name]
        except (AttributeError, KeyError, TypeError):
            continue
        for point in points or []:
            if isinstance(point, dict) and point.get("id"):
                return str(point["id"])
    return None
