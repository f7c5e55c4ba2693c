/* Spillover Atlas: draw the atlas's map data with Leaflet 1.9.3.
 *
 * One script for the live map (served from /app/static under a content-hashed name) and the
 * standalone HTML export (inlined). The data come from geo.layers.leaflet_data: every style,
 * pane, tooltip and label is decided there, in Python; this file only draws what it is given.
 * Tooltips and labels arrive as markup whose data strings Python has already escaped; the only
 * text composed here (a choropleth cell's read-out) is escaped here.
 */
(function (root) {
  'use strict';
  var cache = {};

  /* The JSON at `url`, fetched once per page. Its name carries a hash of its content, so any
     copy the browser holds is the right one: force-cache takes it without asking the server. */
  function load(url) {
    if (!cache[url]) {
      cache[url] = fetch(url, {cache: 'force-cache', credentials: 'same-origin'}).then(function (r) {
        if (!r.ok) { throw new Error(url + ' answered HTTP ' + r.status); }
        return r.json();
      });
      cache[url].catch(function () { delete cache[url]; });
    }
    return cache[url];
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }

  function createPanes(map, panes) {
    panes.forEach(function (p) {
      if (map.getPane(p.name)) { return; }
      var pane = map.createPane(p.name);
      pane.style.zIndex = p.z;
      if (!p.interactive) { pane.style.pointerEvents = 'none'; }
    });
  }

  /* Tag the map container with zoom-is-N and zoom-lt-N classes: CSS thins labels by zoom. */
  function tagZoomClasses(map) {
    function tag() {
      var z = map.getZoom(), box = map.getContainer();
      for (var n = 3; n <= 11; n++) {
        box.classList.toggle('zoom-lt-' + n, z < n);
        box.classList.toggle('zoom-is-' + n, Math.floor(z + 1e-6) === n);
      }
    }
    map.on('zoomend', tag);
    tag();
  }

  function addLabel(l, target) {
    L.marker([l.lat, l.lon], {interactive: false, keyboard: false, icon: L.divIcon({
      html: '<div style="--gap:' + l.gap + 'px">' + l.html + '</div>', iconSize: [0, 0], className: l.cls
    })}).addTo(target);
  }

  /* One line on the map saying a layer could not be drawn, instead of a silent gap. */
  function notice(map, text) {
    var box = map.getContainer().querySelector('.atlas-map-notice');
    if (!box) {
      box = L.DomUtil.create('div', 'atlas-map-notice', map.getContainer());
      box.setAttribute('role', 'alert');
    }
    box.textContent = text;
  }

  function mapOf(target) { return target._map || (target instanceof L.Map ? target : null); }

  /* The constant base: land, water, rivers, country names, credit, zoom classes. */
  function drawBasemap(map, data) {
    createPanes(map, data.panes);
    L.geoJSON(data.countries, {
      interactive: false, pane: data.landPane,
      style: function (f) {
        return {color: data.edge, weight: data.edgeWeight, fillColor: f.properties.fill, fillOpacity: 1,
                className: 'country'};
      }
    }).addTo(map);
    L.geoJSON(data.lakes, {interactive: false, pane: data.landPane, style: data.lakeStyle}).addTo(map);
    L.geoJSON(data.rivers, {interactive: false, pane: data.landPane, style: data.riverStyle}).addTo(map);
    data.labels.forEach(function (l) { addLabel(l, map); });
    map.attributionControl.addAttribution(data.attribution);
    tagZoomClasses(map);
  }

  function highlightOnHover(layer, style) {
    layer.on('mouseover', function () { layer.setStyle({weight: style.weight + 2}); });
    layer.on('mouseout', function () { layer.setStyle({weight: style.weight}); });
  }

  /* One layer's features (styled, in their panes, with tooltips) and its labels, into `target`. */
  function drawLayer(target, data) {
    L.geoJSON(data.features, {
      style: function (f) { return Object.assign({pane: f.properties._pane}, f.properties._style); },
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, Object.assign({pane: f.properties._pane}, f.properties._style));
      },
      onEachFeature: function (f, l) {
        l.bindTooltip(f.properties._tooltip, {sticky: true});
        highlightOnHover(l, f.properties._style);
      }
    }).addTo(target);
    (data.labels || []).forEach(function (l) { addLabel(l, target); });
  }

  /* One value of a choropleth read-out: a number with its decimals, or a coded label. */
  function fillValue(fill, key, i) {
    var column = fill.values[key];
    if (column === undefined) { return '{' + key + '}'; }
    if (typeof column === 'string') { return fill.labels[key][Number(column.charAt(i))]; }
    return Number(column[i]).toFixed(fill.decimals[key] || 0);
  }

  /* Shapes drawn once, coloured and described per session. `fill.colors` holds one 6-digit hex
     colour per shape (shape order); `fill.template` names columns of `fill.values`: number arrays
     (shown with `fill.decimals`) or digit strings coding `fill.labels`. */
  function drawChoropleth(target, shapes, fill) {
    L.geoJSON(shapes.features, {
      style: function (f) {
        var c = '#' + fill.colors.substr(6 * f.properties.i, 6);
        return Object.assign({pane: shapes.pane}, fill.style, {color: c, fillColor: c});
      },
      onEachFeature: function (f, l) {
        var i = f.properties.i;
        var text = fill.template.replace(/\{(\w+)\}/g, function (m, key) { return fillValue(fill, key, i); });
        l.bindTooltip(f.properties._tooltip + '<br><small>' + escapeHtml(text) + '</small>', {sticky: true});
        highlightOnHover(l, fill.style);
      }
    }).addTo(target);
  }

  /* Fetch a published layer (and, for a choropleth, its shapes) and draw it into `target`.
     Fetches start at once; drawing follows the order of the calls, so layers sharing a pane
     stack the same way on every load however the responses arrive. A published layer is built
     once per page: when a rerun swaps the map's groups, the same Leaflet layers are added again
     rather than rebuilt from the data (a file's content never changes under its name). */
  var built = {};

  function addLayer(target, url, fill) {
    var fetched = fill || built[url] ? null : load(url);
    var shapes = fill ? load(url) : null;
    var previous = target._atlasQueue || Promise.resolve();
    target._atlasQueue = previous.then(function () { return fetched || shapes; }).then(function (data) {
      if (fill) { drawChoropleth(target, data, fill); return; }
      if (!built[url]) {
        built[url] = L.layerGroup();
        drawLayer(built[url], data);
      }
      target.addLayer(built[url]);
    }).catch(function (err) {
      var map = mapOf(target);
      if (map) { notice(map, 'A map layer could not be loaded (' + err.message + '); reload the page.'); }
    });
    return target._atlasQueue;
  }

  /* Every layer of a group, in order: a string item is a published file's URL and {url, fill} a
     choropleth's (as addLayer); {data} items are a session's own layers, drawn in their turn so
     they stack above the layers before them. */
  function addLayers(target, items) {
    items.forEach(function (item) {
      if (typeof item === 'string') { addLayer(target, item, null); return; }
      if (item.url) { addLayer(target, item.url, item.fill || null); return; }
      var previous = target._atlasQueue || Promise.resolve();
      target._atlasQueue = previous.then(function () { drawLayer(target, item.data); }).catch(function (err) {
        var map = mapOf(target);
        if (map) { notice(map, 'A map layer could not be drawn (' + err.message + '); reload the page.'); }
      });
    });
    return target._atlasQueue;
  }

  function addBasemap(map, url) {
    return load(url).then(function (data) { drawBasemap(map, data); }).catch(function (err) {
      notice(map, 'The base map could not be loaded (' + err.message + '); reload the page.');
    });
  }

  root.AtlasMap = {load: load, createPanes: createPanes, tagZoomClasses: tagZoomClasses, addLabel: addLabel,
                   drawBasemap: drawBasemap, drawLayer: drawLayer, drawChoropleth: drawChoropleth,
                   addLayer: addLayer, addLayers: addLayers, addBasemap: addBasemap};
})(window);
