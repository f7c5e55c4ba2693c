/* Spillover Atlas: st_folium's view reports wait for the user's first touch of the page.
 *
 * st_folium sends centre, zoom and bounds to the server after every Leaflet 'moveend', including
 * the ones Leaflet fires while it creates and sizes the map, and each report reruns the whole
 * page: two extra script runs per page load, each re-sending the page. The server already knows
 * the view it asked for, so the latest report is held back until the first pointer, wheel or key
 * event in the map or on a control of the page (not a field being typed in, a slider being dragged
 * or a link), then sent; from then on every report goes through.
 * Whatever the user does next (a click on the map, "Report view", a layer toggle) therefore
 * reaches a server that knows the exact bounds on screen.
 */
(function (root) {
  'use strict';
  var released = false, held = false, pending = null;

  /* The held report with its view read afresh: the frame may have been resized since Leaflet's
     last 'moveend'. The keys stay those st_folium chose; its record of the last value sent is
     updated too, so it does not send the same view again. */
  function current(value) {
    var map = root.map, data = root.__GLOBAL_DATA__;
    if (!map || !value || typeof value !== 'object') { return value; }
    var fresh = Object.assign({}, value);
    if ('bounds' in fresh) { fresh.bounds = map.getBounds(); }
    if ('zoom' in fresh) { fresh.zoom = map.getZoom(); }
    if ('center' in fresh) { fresh.center = map.getCenter(); }
    if (data) { data.previous_data = fresh; }
    return fresh;
  }

  var ENTRY = 'input:not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit]), textarea, select, ' +
              '[contenteditable=""], [contenteditable="true"], [role=spinbutton], [role=textbox], [role=combobox], [role=slider]';

  function isEntryOrLink(target) {
    return !!(target && target.closest && target.closest(ENTRY + ', a[href]'));
  }

  function holdUntilTouched() {
    var S = root.Streamlit;
    if (held || !S || typeof S.setComponentValue !== 'function') { return; }
    held = true;
    var send = S.setComponentValue;
    S.setComponentValue = function (value) {
      if (released) { return send.call(S, value); }
      pending = {value: value};
    };
    /* A touch in the map lets every later report through. A touch elsewhere on the page sends the
       report held so far, if there is one; before the map has reported, it changes nothing (the
       first report is held like any other), so no report of the map's own settling ever reruns
       the page on its own, racing whatever the user just asked for. */
    function release(inMap) {
      if (released) { return; }
      if (pending) {
        released = true;
        send.call(S, current(pending.value));
        pending = null;
      } else if (inMap) {
        released = true;
      }
    }
    var documents = [root.document];
    try {
      if (root.parent && root.parent !== root && root.parent.document) { documents.push(root.parent.document); }
    } catch (e) { /* a cross-origin host page: the map's own document still counts */ }
    documents.forEach(function (doc) {
      ['pointerdown', 'mousedown', 'touchstart', 'wheel', 'keydown'].forEach(function (type) {
        doc.addEventListener(type, function (event) {
          var inMap = doc === root.document;
          // A rerun landing mid-edit would redraw the field being typed in or the slider being
          // dragged, and one racing a link would take the user back to this page: those wait.
          if (!inMap && isEntryOrLink(event.target)) { return; }
          release(inMap);
        }, {capture: true, passive: true});
      });
    });
  }

  root.AtlasViewReports = {holdUntilTouched: holdUntilTouched};
})(window);
