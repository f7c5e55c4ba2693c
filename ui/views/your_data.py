"""The "Your data" page's parts: upload handlers, layer options, event filters, bundles, the layer list.

The handlers (:func:`handle_upload`, :func:`handle_bundle`) are plain functions of a file
name and its bytes that return what happened, so tests can drive them without a browser
(AppTest cannot fill a ``st.file_uploader``). Each upload is read once per file and kept in
session state: Streamlit reruns the page on every widget change, and re-reading a 200 MB
file each time would freeze it.

Every user string reaches the page through ``md_escape`` (markdown), ``st.code``/``st.text``
(plain text) or widgets that show text literally, never as HTML.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import weakref
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import streamlit as st

from geo.bundle import BUNDLE_TOML, Bundle, load_bundle
from geo.core import count_phrase
from geo.layers import Layer
from geo.uploads import (
    ACCEPTED_FORMATS,
    LARGE_LAYER_FEATURES,
    MAX_EVENT_POINTS,
    EventStore,
    UnsafeZipError,
    UploadError,
    UploadLimits,
    UploadResult,
    UploadSettingError,
    default_colour,
    display_text,
    event_facets,
    events_layer,
    events_store_layer,
    filter_events,
    layer_from_upload,
    layer_table,
    max_upload_mb,
    preview_table,
    read_event_store,
    read_upload,
    safe_csv_bytes,
    safe_extract,
    unreadable_message,
    upload_layer_id,
    upload_limits,
    upload_source,
)
from ui.bundle_state import bundle_path, content_hash, current_bundle, kept_bundle, use_bundle
from ui.session import (
    BUNDLE_FOLDERS,
    BUNDLE_PATH,
    UPLOAD_BUILT,
    UPLOAD_READ,
    UPLOADED_LAYERS,
    layer_key,
    request,
)
from ui.text import md_escape
from ui.uploaded_layers import give_back_memory

LAYER_UPLOADER = "upload_layer_file"
BUNDLE_UPLOADER = "upload_bundle_file"
_TIP_HINTS = ("name", "title", "label", "location", "event_type", "event_date", "actor1", "admin1",
              "fatalities")


@dataclass
class LayerUpload:
    """What came of one layer upload: a readable ``result`` or one ``error`` sentence."""

    filename: str
    layer_id: str
    result: UploadResult | None = None
    error: str | None = None
    colour: str = "#0072b2"
    facets: dict = field(default_factory=dict)
    store: EventStore | None = None  # an ACLED-style CSV, kept as columns (geo.uploads.event_store)


@dataclass
class BundleUpload:
    """What came of one bundle upload: the extracted ``folder`` and loaded ``bundle``, or ``error``."""

    filename: str
    folder: Path | None = None
    bundle: Bundle | None = None
    error: str | None = None


def upload_settings() -> tuple[UploadLimits, int, list[str]]:
    """Limits for this server, the effective MB cap and notes about the setting for the page."""
    notes = []
    try:
        wanted = max_upload_mb()
    except UploadSettingError as exc:
        wanted = max_upload_mb({})
        notes.append(str(exc))
    server = int(st.get_option("server.maxUploadSize"))
    if wanted > server:
        notes.append(f"The upload limit is set to {wanted} MB but this server accepts at most {server} MB "
                     "(Streamlit's server.maxUploadSize); raise that too.")
    effective = min(wanted, server)
    return upload_limits(effective), effective, notes


def handle_upload(
    name: str, data: bytes, limits: UploadLimits | None = None, n_existing: int = 0
) -> LayerUpload:
    """Read one uploaded layer file; a refused file gives ``error`` (its sentence), never an exception.

    ``n_existing`` (layers already uploaded) picks the default colour, so layers differ.
    """
    upload = LayerUpload(filename=name, layer_id=upload_layer_id(name, data),
                         colour=default_colour(n_existing))
    limits = limits or UploadLimits()
    try:
        upload.store = read_event_store(name, data, limits=limits)
        upload.result = upload.store.upload_result() if upload.store else read_upload(name, data, limits=limits)
    except UploadError as exc:
        upload.error = str(exc)
        return upload
    except Exception as exc:  # noqa: BLE001 - a parser's own failure on a file no check foresaw: one sentence
        logging.getLogger(__name__).exception("reading the upload %r failed", name)
        upload.error = unreadable_message(name, exc)
        return upload
    if upload.store is not None:
        upload.facets = upload.store.facets()
    elif upload.result.kind == "events":
        upload.facets = event_facets(upload.result.frame)
    give_back_memory()  # the parse's buffers, freed but held by the allocators
    return upload


class SessionFolders:
    """The temp folders one session unpacked bundles into, removed when the session ends.

    A bundle's folder must outlive the request (the app reads the bundle from it after
    "Switch"), so it cannot be a ``with TemporaryDirectory()``. The page keeps one of these
    in the session's state: when Streamlit drops an ended session, its state and this
    object go, and ``weakref.finalize`` removes the folders (and at server exit, whatever
    is left). No reference from the finalizer back to the object, or it would never go.
    """

    def __init__(self) -> None:
        self.paths: list[Path] = []
        self._finalizer = weakref.finalize(self, _remove_folders, self.paths)

    def new_folder(self) -> Path:
        """A fresh folder under the system temp dir, removed with this object."""
        folder = Path(tempfile.mkdtemp(prefix="spillover-bundle-"))
        self.paths.append(folder)
        return folder

    def discard(self, folder: Path) -> None:
        """Remove ``folder`` now (a refused bundle's)."""
        shutil.rmtree(folder, ignore_errors=True)
        if folder in self.paths:
            self.paths.remove(folder)


def _remove_folders(paths: list[Path]) -> None:
    for folder in paths:
        shutil.rmtree(folder, ignore_errors=True)
    paths.clear()


#: Owner of folders unpacked outside a page session (tests, scripts): removed at exit.
_UNOWNED = SessionFolders()


def session_folders() -> SessionFolders:
    """This session's :class:`SessionFolders`, created on first use."""
    return st.session_state.setdefault(BUNDLE_FOLDERS, SessionFolders())


def handle_bundle(
    name: str, data: bytes, limits: UploadLimits | None = None, folders: SessionFolders | None = None
) -> BundleUpload:
    """Unpack a zipped essay bundle into a fresh folder and load it with the validator.

    The folder outlives the request (the app reads the bundle from it after "Switch") and
    belongs to ``folders`` (the session's, from :func:`session_folders`), which removes it
    when the session ends; a refused zip's folder is removed at once.
    """
    limits = limits or UploadLimits()
    folders = folders or _UNOWNED
    label = display_text(re.split(r"[\\/]", str(name))[-1], 80) or "upload"
    if not str(name).lower().endswith(".zip"):
        return BundleUpload(name, error=f"{label}: an essay bundle must be uploaded as a .zip of its folder "
                                        f"(with {BUNDLE_TOML}, paragraphs.json, claims.toml …).")
    if len(data) > limits.max_bytes:
        limit = limits.max_bytes // 2**20
        return BundleUpload(name, error=f"{label}: the file is over the {limit} MB limit; "
                                        "leave out anything but the bundle's own files.")
    folder = folders.new_folder()
    try:
        files = safe_extract(data, folder, limits)
    except UnsafeZipError as exc:
        folders.discard(folder)
        return BundleUpload(name, error=f"{label}: {exc}")
    tomls = [f for f in files if f.name == BUNDLE_TOML and "__MACOSX" not in f.parts]
    if len(tomls) != 1:
        folders.discard(folder)
        problem = (f"the zip has no {BUNDLE_TOML}, so it is not an essay bundle" if not tomls
                   else f"the zip holds {len(tomls)} {BUNDLE_TOML} files; upload one bundle per zip")
        return BundleUpload(name, error=f"{label}: {problem}. Zip the folder holding {BUNDLE_TOML}, "
                                        "paragraphs.json, citations.toml, actors.toml and claims.toml "
                                        "(format: data/essays/README.md).")
    return BundleUpload(name, folder=tomls[0].parent, bundle=load_bundle(tomls[0].parent))


# --------------------------------------------------------------------------- layers


def layer_uploader(limits: UploadLimits, max_mb: int) -> None:
    """The layer file uploader and, for the file it holds, its messages and options."""
    kinds = ", ".join(dict.fromkeys(ACCEPTED_FORMATS.values()))
    file = st.file_uploader(
        f"Add a map layer: {kinds}", type=[e.lstrip(".") for e in ACCEPTED_FORMATS], key=LAYER_UPLOADER,
        max_upload_size=max_mb,
        help=f"Up to {max_mb} MB. ACLED event exports (CSV) get date, type and actor filters.",
    )
    if file is not None:
        show_layer_upload(_read_once(LAYER_UPLOADER, file, lambda n, d: handle_upload(
            n, d, limits, len(st.session_state.get(UPLOADED_LAYERS, {})))))


def show_layer_upload(upload: LayerUpload) -> None:
    """The outcome of a layer upload: its error, or its notes and the options to put it on the map."""
    if upload.error:
        st.error(md_escape(upload.error), icon=":material/warning:")
        return
    result = upload.result
    if result.messages:
        st.warning("\n".join(f"- {md_escape(m)}" for m in result.messages))
    lid = upload.layer_id
    frame = result.frame
    count = len(upload.store) if upload.store is not None else len(frame)
    st.markdown(f"**{md_escape(result.name)}**: "
                f"{count_phrase(count, 'event' if result.kind == 'events' else 'feature')}")
    if result.kind != "events" and len(frame) > LARGE_LAYER_FEATURES:
        st.warning(f"Over {LARGE_LAYER_FEATURES:,} features: the map may be slow to draw them all. "
                   "Filter or simplify the layer first if it is.")
    title = st.text_input("Layer name", value=result.name, max_chars=80, key=f"name_{lid}")
    colour = st.color_picker("Colour", value=upload.colour, key=f"colour_{lid}")
    hints = [c for h in _TIP_HINTS for c in result.columns if c.lower() == h][:4] or result.columns[:1]
    tips = st.multiselect("Tooltip columns (the first is the heading)", result.columns, default=hints,
                          key=f"tips_{lid}")
    with st.expander("Preview the first rows"):
        st.dataframe(preview_table(result), hide_index=True)
        if result.html_columns:
            names = ", ".join(f"'{md_escape(c)}'" for c in result.html_columns)
            st.caption(f"HTML in {names} is shown as its text here and in tooltips (tags removed, never run); "
                       "the layer keeps it as written.")
    title = display_text(title, 80) or result.name
    source = upload_source(result.name)
    if result.kind == "events":
        shown, filters = _event_filters(upload)
        options = (title, colour, tuple(tips), filters)

        def build() -> Layer:
            if upload.store is not None:  # shown is a mask over the store's events
                return events_store_layer(upload.store, shown, colour, tips, lid, title=title, source=source)
            return events_layer(shown, colour, tips, lid, title=title, source=source)
    else:
        options = (title, colour, tuple(tips))

        def build() -> Layer:
            return layer_from_upload(result, colour, tips, lid, title=title, source=source)
    built = st.session_state.setdefault(UPLOAD_BUILT, {})
    if lid in st.session_state.get(UPLOADED_LAYERS, {}):
        if built.get(lid) != options:  # on the map already: follow the options and filters
            _store(build())
            built[lid] = options
        st.success(f"On the main map as **{md_escape(title)}** (sidebar group \"Your data\"); "
                   "changes here update it.")
    elif st.button("Add to map", key=f"add_{lid}", type="primary"):
        _store(build())
        built[lid] = options
        st.rerun()


def _event_filters(upload: LayerUpload) -> tuple:
    """Date, type and actor widgets; returns the matching events and the filter values."""
    facets, lid, events = upload.facets, upload.layer_id, upload.result.frame
    start, end = facets["start"], facets["end"]
    if start < end:
        start, end = st.slider("Event dates", min_value=start, max_value=end, value=(start, end),
                               format="YYYY-MM-DD", key=f"dates_{lid}")
    else:
        st.caption(f"All events are on {start.isoformat()}.")
    types = st.multiselect("Event types", facets["event_types"], default=facets["event_types"],
                           key=f"types_{lid}")
    actors = st.multiselect("Actors (none chosen = all actors)", facets["actors"], key=f"actors_{lid}")
    if upload.store is not None:
        shown = upload.store.mask(start, end, types, actors or None)
        n_shown, n_all = int(shown.sum()), len(upload.store)
    else:
        shown = filter_events(events, start, end, types, actors or None)
        n_shown, n_all = len(shown), len(events)
    as_hexagons = n_shown > MAX_EVENT_POINTS
    st.caption(f"{n_shown:,} of {count_phrase(n_all, 'event')} match"
               + (f"; over {MAX_EVENT_POINTS:,}, so the map shows hexagon counts instead of one marker each."
                  if as_hexagons else "; one marker each."))
    if not n_shown:
        st.info("No event matches these filters; widen the dates or choose more types.")
    return shown, (start, end, tuple(types), tuple(actors))


def uploaded_layer_list() -> None:
    """Each uploaded layer with its source, a CSV download (formula cells neutralised) and Remove."""
    layers = list(st.session_state.get(UPLOADED_LAYERS, {}).values())
    if not layers:
        st.caption("No uploaded layers yet.")
        return
    for layer in layers:
        with st.container(border=True, key=f"uploaded_{layer.id}"):
            name_column, csv_column, remove_column = st.columns([6, 2, 2], vertical_alignment="center")
            name_column.text(f"{layer.spec.title} · {count_phrase(len(layer.frame), f'{layer.spec.geometry} feature')}")
            name_column.caption(md_escape(layer.spec.source))
            csv_column.download_button("Download as CSV", partial(safe_csv_bytes, layer_table(layer)), mime="text/csv",
                                       file_name=_file_name(layer), key=f"csv_{layer.id}", on_click="ignore")
            remove_column.button("Remove", key=f"remove_{layer.id}", on_click=_remove, args=(layer.id,))


def _store(layer: Layer) -> None:
    new = layer.id not in st.session_state.get(UPLOADED_LAYERS, {})
    st.session_state[UPLOADED_LAYERS] = {**st.session_state.get(UPLOADED_LAYERS, {}), layer.id: layer}
    give_back_memory()  # building the layer's frame and files freed as much again
    if new:  # an added layer is shown on the map, whatever layer list the map's URL holds
        request({layer_key(layer.id): True})


def _remove(layer_id: str) -> None:
    stored = st.session_state.get(UPLOADED_LAYERS, {})
    st.session_state[UPLOADED_LAYERS] = {k: v for k, v in stored.items() if k != layer_id}


def _file_name(layer: Layer) -> str:
    return (re.sub(r"[^\w-]+", "_", layer.spec.title).strip("_")[:60] or "upload") + ".csv"


def _read_once(key: str, file, handler):
    """The handler's outcome for the uploader's current file, computed once per file."""
    seen = st.session_state.setdefault(UPLOAD_READ, {})
    if key not in seen or seen[key][0] != file.file_id:
        with st.spinner("Reading the file…"):
            seen[key] = (file.file_id, handler(file.name, file.getvalue()))
    return seen[key][1]


# --------------------------------------------------------------------------- bundles


def bundle_uploader(limits: UploadLimits, max_mb: int) -> None:
    """Which bundle is in use, the bundle uploader, and the outcome of the zip it holds."""
    current = current_bundle()
    st.markdown(f"In use: **{md_escape(current.meta.title)}** ({md_escape(current.meta.author)})"
                + (" — loaded in this session (uploaded, authored or opened from a link), not the app's default"
                   if st.session_state.get(BUNDLE_PATH) else ""))
    if st.session_state.get(BUNDLE_PATH):
        st.button("Back to the default bundle", key="bundle_default", on_click=_use_bundle, args=(None,))
    file = st.file_uploader("Upload an essay bundle (.zip of its folder)", type=["zip"], key=BUNDLE_UPLOADER,
                            max_upload_size=max_mb, help="Format: data/essays/README.md")
    if file is not None:
        show_bundle_upload(_read_once(BUNDLE_UPLOADER, file,
                                      lambda n, d: handle_bundle(n, d, limits, session_folders())))


def show_bundle_upload(upload: BundleUpload) -> None:
    """A refused bundle's sentence, or the bundle's summary, every validator problem and the switch."""
    if upload.error:
        st.error(md_escape(upload.error), icon=":material/warning:")
        return
    bundle, folder = upload.bundle, upload.folder
    st.markdown(f"**{md_escape(bundle.meta.title)}** by {md_escape(bundle.meta.author)}: "
                f"{count_phrase(len(bundle.paragraphs), 'paragraph')}, {count_phrase(len(bundle.actors), 'actor')}, "
                f"{count_phrase(len(bundle.claims), 'claim')}.")
    if bundle.problems:
        st.warning(f"The validator found {count_phrase(len(bundle.problems), 'problem')}; the rest of the bundle "
                   "still loads.")
        st.code("\n".join(str(p).replace(f"{folder}/", "") for p in bundle.problems), language=None)
    else:
        st.success("The validator found no problems.")
    if bundle_path() in (folder, kept_bundle(content_hash(folder))):
        st.caption("This bundle is in use on every page.")
    else:
        st.button("Switch to this bundle", key="bundle_switch", type="primary", on_click=_use_bundle,
                  args=(str(folder),))


def _use_bundle(folder: str | None) -> None:
    use_bundle(folder)
