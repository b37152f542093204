// incimap's HTML map: reads the data incimap embedded (the JSON in #incimap-data), draws the
// basemap with Leaflet's canvas renderer and the incidents on a canvas layer of their own,
// and wires up the legend, the date filter, the place search and the list of incidents in
// view. Every text from the data goes into the page through textContent, never as HTML.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('incimap-data').textContent);
  const S = data.strings;
  const rows = data.incidents;
  const N = rows.length;
  // A row: lon, lat, class, radius, fan dx, fan dy, disc (-1 for none), then one string
  // number per field of data.fields.
  const LON = 0, LAT = 1, CLS = 2, R = 3, DX = 4, DY = 5, DISC = 6, F0 = 7;
  const fieldAt = {};
  data.fields.forEach((f, k) => { fieldAt[f[0]] = F0 + k; });
  const text = (i, key) => S[rows[i][fieldAt[key]]] || '';
  const st = data.style;

  function el(tag, cls, txt) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (txt !== undefined && txt !== null) e.textContent = String(txt);
    return e;
  }
  const number = (n) => n.toLocaleString('en-GB');

  // ---- filters ----
  const on = data.classes.map(() => true);
  const dates = data.dates || ['', ''];
  const range = { from: dates[0], to: dates[1] };
  const narrowed = () => range.from !== dates[0] || range.to !== dates[1];
  function shown(i) {
    const row = rows[i];
    if (!on[row[CLS]]) return false;
    const d = text(i, 'event_date');
    if (!d) return !narrowed();
    return !(range.from && d < range.from) && !(range.to && d > range.to);
  }

  // ---- the map ----
  const view = data.view;
  const map = L.map('map', {
    minZoom: view.minZoom,
    maxZoom: view.maxZoom,
    zoomSnap: 0.25,
    attributionControl: false,
    keyboard: true,
    preferCanvas: true,
  });
  document.getElementById('map').style.background = st.water;
  if (view.bounds) {
    map.setMaxBounds(L.latLngBounds(view.bounds).pad(0.05));
  }
  map.createPane('basemap').style.zIndex = 250;
  map.createPane('incidents').style.zIndex = 450;
  map.createPane('places').style.zIndex = 460;
  map.getPane('places').style.pointerEvents = 'none';
  map.fitBounds(view.fit);

  L.control.scale({ imperial: false, maxWidth: 160 }).addTo(map);
  const credit = L.control.attribution({ prefix: false }).addTo(map);
  // The attribution control takes HTML; ours is plain text, so escape it.
  const escaped = String('Leaflet | ' + data.attribution)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  credit.addAttribution(escaped);

  // ---- basemap ----
  const baseRenderer = L.canvas({ pane: 'basemap', padding: 0.5 });
  const coastLayer = data.basemap.features.some((f) => f.properties.layer === 'coast');
  const riverWidth = (rank) => (rank <= 3 ? 2.2 : rank <= 6 ? 1.4 : 0.9);
  const styles = {
    land: () => ({ fill: true, fillColor: st.land, fillOpacity: 1, stroke: !coastLayer, color: st.coast, weight: 0.8 }),
    lakes: () => ({ fill: true, fillColor: st.water, fillOpacity: 1, color: st.coast, weight: 0.7 }),
    coast: () => ({ color: st.coast, weight: 0.8 }),
    rivers: (p) => ({ color: st.river, weight: riverWidth(p.rank) }),
    admin1: () => ({ color: st.admin1, weight: 1, dashArray: '5 3' }),
    halo: () => ({ color: st.borderHalo, weight: 4, opacity: 0.8 }),
    borders: () => ({ color: st.border, weight: 1.6 }),
    disputed: () => ({ color: st.border, weight: 1.1, dashArray: '4 3' }),
  };
  const hidden = { stroke: false, fill: false };
  const baseLayers = ['land', 'lakes', 'coast', 'rivers', 'admin1', 'halo', 'borders', 'disputed'].map((name) => {
    const source = name === 'halo' ? 'borders' : name;
    const layer = L.geoJSON(data.basemap, {
      renderer: baseRenderer,
      interactive: false,
      filter: (f) => f.properties.layer === source,
      style: (f) => styles[name](f.properties),
    });
    layer.incimapStyle = styles[name];
    return layer.addTo(map);
  });
  function baseForZoom() {
    const z = map.getZoom();
    for (const layer of baseLayers) {
      layer.eachLayer((l) => {
        const p = l.feature.properties;
        l.setStyle(p.z <= z + 0.01 ? Object.assign({ stroke: true }, layer.incimapStyle(p)) : hidden);
      });
    }
  }

  // ---- place names: the PNG's choice per zoom, kept apart greedily ----
  const placeLayer = L.layerGroup().addTo(map);
  const measure = document.createElement('canvas').getContext('2d');
  // Places (capital, city, town, village), then areas (country, governorate, water), as in page.css.
  const placeFont = ['bold 15px sans-serif', 'bold 14px sans-serif', '13px sans-serif', '12px sans-serif',
    'bold 16px sans-serif', '12px sans-serif', 'italic 12.5px sans-serif'];
  const placeWidth = data.places.map((p) => {
    measure.font = placeFont[p[3]];
    return measure.measureText(p[2]).width;
  });
  function drawPlaces() {
    placeLayer.clearLayers();
    const z = map.getZoom();
    const size = map.getSize();
    const taken = [];
    data.places.forEach((p, k) => {
      if (p[4] > z + 0.01) return;
      const at = map.latLngToContainerPoint([p[1], p[0]]);
      if (at.x < 0 || at.y < 0 || at.x > size.x || at.y > size.y) return;
      const w = placeWidth[k];
      // Places are named to the right of their dot; areas centred on their point.
      const box = p[3] >= 4 ? [at.x - w / 2 - 2, at.y - 9, at.x + w / 2 + 2, at.y + 9] : [at.x - 4, at.y - 10, at.x + 8 + w, at.y + 10];
      if (taken.some((b) => b[0] < box[2] && box[0] < b[2] && b[1] < box[3] && box[1] < b[3])) return;
      taken.push(box);
      const label = el('div');
      const dot = el('span', 'dot');
      dot.style.background = st.place;
      label.appendChild(dot);
      const name = el('span', 'name', p[2]);
      // The PNG's colours for area names (places keep page.css's greys).
      const colour = [null, null, null, null, st.countryLabel, st.admin1, st.riverLabel][p[3]];
      if (colour) name.style.color = colour;
      label.appendChild(name);
      L.marker([p[1], p[0]], {
        pane: 'places',
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: 'incimap-place p' + p[3], html: label, iconSize: null }),
      }).addTo(placeLayer);
    });
  }

  // ---- incidents: one canvas, drawn by us ----
  // Positions at zoom 0 in Leaflet's pixels; at zoom z they are 2^z times larger.
  const X0 = new Float64Array(N), Y0 = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const p = map.project([rows[i][LAT], rows[i][LON]], 0);
    X0[i] = p.x;
    Y0[i] = p.y;
  }
  let hits = []; // what was drawn last, topmost last: {x, y, r, i | disc | cell}
  let inView = []; // shown incidents in the window, for the list
  let cellMode = false;
  const colours = data.classes.map((c) => c.color);

  function circle(ctx, x, y, r, fill, line, lineWidth) {
    ctx.beginPath();
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fillStyle = fill;
    ctx.fill();
    if (line) {
      ctx.lineWidth = lineWidth;
      ctx.strokeStyle = line;
      ctx.stroke();
    }
  }
  function countLabel(ctx, x, y, n) {
    ctx.font = 'bold 11px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.lineWidth = 3;
    ctx.strokeStyle = st.ink;
    ctx.strokeText(String(n), x, y);
    ctx.fillStyle = '#fff';
    ctx.fillText(String(n), x, y);
  }
  function pie(ctx, x, y, r, slices) {
    circle(ctx, x, y, r, st.outline);
    const total = slices.reduce((a, s) => a + s[1], 0) || 1;
    let start = -Math.PI / 2;
    for (const [cls, n] of slices) {
      const sweep = (n / total) * 2 * Math.PI;
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.arc(x, y, r - 1.2, start, start + sweep);
      ctx.closePath();
      ctx.fillStyle = colours[cls];
      ctx.fill();
      start += sweep;
    }
  }

  function drawIncidents(ctx, renderer) {
    hits = [];
    inView = [];
    const k = Math.pow(2, map.getZoom());
    const o = map.getPixelOrigin();
    const b = renderer._bounds;
    const win = map.getPixelBounds();
    const pad = 80;
    const here = [];
    for (let i = 0; i < N; i++) {
      if (!shown(i)) continue;
      const x = X0[i] * k - o.x, y = Y0[i] * k - o.y;
      if (x < b.min.x - pad || y < b.min.y - pad || x > b.max.x + pad || y > b.max.y + pad) continue;
      here.push(i);
      const ax = X0[i] * k, ay = Y0[i] * k;
      if (ax >= win.min.x && ax <= win.max.x && ay >= win.min.y && ay <= win.max.y) inView.push(i);
    }
    cellMode = inView.length > data.dotsLimit;
    if (cellMode) {
      drawCells(ctx, here, k, o);
    } else {
      drawDots(ctx, here, k, o);
    }
    panel.update();
  }

  // Above the limit: counts per 48-pixel cell, in the colour of the cell's commonest class.
  function drawCells(ctx, here, k, o) {
    const size = 48;
    const cells = new Map();
    for (const i of here) {
      const ax = X0[i] * k, ay = Y0[i] * k;
      const key = Math.floor(ax / size) + ',' + Math.floor(ay / size);
      let c = cells.get(key);
      if (!c) cells.set(key, (c = { n: 0, x: 0, y: 0, by: new Array(colours.length).fill(0) }));
      c.n += 1;
      c.x += ax;
      c.y += ay;
      c.by[rows[i][CLS]] += 1;
    }
    for (const c of cells.values()) {
      const x = c.x / c.n - o.x, y = c.y / c.n - o.y;
      const r = Math.min(7 + 2.2 * Math.sqrt(c.n), 22);
      const slices = [];
      c.by.forEach((n, cls) => { if (n > 0) slices.push([cls, n]); });
      slices.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      pie(ctx, x, y, r, slices);
      countLabel(ctx, x, y, c.n);
      hits.push({ x: x, y: y, r: r, cell: c });
    }
  }

  function drawDots(ctx, here, k, o) {
    // Big symbols first so small ones stay visible on top, as on the PNG.
    const dots = here.filter((i) => rows[i][DISC] < 0);
    dots.sort((a, b) => rows[b][R] - rows[a][R] || a - b);
    ctx.lineWidth = 0.9;
    ctx.strokeStyle = st.leader;
    ctx.globalAlpha = 0.9;
    ctx.beginPath();
    const centres = new Map();
    for (const i of dots) {
      const row = rows[i];
      if (row[DX] === 0 && row[DY] === 0) continue;
      const x = X0[i] * k - o.x, y = Y0[i] * k - o.y;
      ctx.moveTo(x, y);
      ctx.lineTo(x + row[DX], y + row[DY]);
      centres.set(x + ',' + y, [x, y]);
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
    for (const [x, y] of centres.values()) circle(ctx, x, y, 2.6, st.leader, st.outline, 0.8);
    // Discs: the incidents shown at a point of more than can fan out.
    const discs = new Map();
    for (const i of here) {
      const d = rows[i][DISC];
      if (d < 0) continue;
      if (!discs.has(d)) discs.set(d, new Array(colours.length).fill(0));
      discs.get(d)[rows[i][CLS]] += 1;
    }
    for (const [d, by] of discs) {
      const disc = data.discs[d];
      const p = map.project([disc[1], disc[0]], map.getZoom());
      const x = p.x - o.x, y = p.y - o.y;
      const slices = [];
      by.forEach((n, cls) => { if (n > 0) slices.push([cls, n]); });
      slices.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      const n = slices.reduce((a, s) => a + s[1], 0);
      pie(ctx, x, y, disc[2], slices);
      countLabel(ctx, x, y, n);
      hits.push({ x: x, y: y, r: disc[2], disc: d });
    }
    for (const i of dots) {
      const row = rows[i];
      const x = X0[i] * k - o.x + row[DX], y = Y0[i] * k - o.y + row[DY];
      const r = row[R];
      circle(ctx, x, y, r, colours[row[CLS]], st.outline, Math.min(Math.max(0.16 * r, 0.6), 1.2));
      hits.push({ x: x, y: y, r: r, i: i });
    }
  }

  function hitAt(p) {
    for (let k = hits.length - 1; k >= 0; k--) {
      const h = hits[k];
      const dx = p.x - h.x, dy = p.y - h.y;
      if (dx * dx + dy * dy <= (h.r + 2) * (h.r + 2)) return h;
    }
    return null;
  }

  const IncidentLayer = L.Canvas.extend({
    _updatePaths: function () {
      if (this._postponeUpdatePaths) return;
      this._redraw();
    },
    _draw: function () {
      if (!this._map) return;
      drawIncidents(this._ctx, this);
    },
    _onClick: function (e) {
      const h = e.type === 'click' ? hitAt(this._map.mouseEventToLayerPoint(e)) : null;
      if (!h) {
        this._map._fireDOMEvent(e, e.type);
        return;
      }
      L.DomEvent.stop(e);
      open(h, false);
    },
    _onMouseMove: function (e) {
      if (!this._map || this._map.dragging.moving() || this._map._animatingZoom) return;
      const h = hitAt(this._map.mouseEventToLayerPoint(e));
      this._container.style.cursor = h ? 'pointer' : '';
    },
    _handleMouseOut: function () {
      if (this._container) this._container.style.cursor = '';
    },
  });
  const incidents = new IncidentLayer({ pane: 'incidents', padding: 0.1 });

  // ---- popups ----
  function card(i) {
    const box = el('div', 'incimap-card');
    box.tabIndex = -1;
    const type = text(i, 'event_type'), sub = text(i, 'sub_event_type');
    box.appendChild(el('h3', null, sub && sub !== type ? type + ' · ' + sub : type || 'Incident'));
    const dl = el('dl');
    for (const [key, label] of data.fields) {
      let v = text(i, key);
      if (key === 'notes' || key === 'event_type' || key === 'sub_event_type' || !v) continue;
      dl.appendChild(el('dt', null, label));
      const dd = el('dd');
      if (key === 'source_url' && /^https?:\/\//i.test(v)) {
        const a = el('a', null, v);
        a.href = v;
        a.rel = 'noopener noreferrer';
        a.target = '_blank';
        dd.appendChild(a);
      } else {
        if (key === 'geo_precision') v += { 1: ' (the place itself)', 2: ' (near the place, or part of it)', 3: ' (the region)' }[v] || '';
        dd.textContent = v;
      }
      dl.appendChild(dd);
    }
    box.appendChild(dl);
    const notes = text(i, 'notes');
    if (notes) box.appendChild(el('blockquote', 'notes', notes));
    return box;
  }
  function listCard(members, title) {
    const box = el('div', 'incimap-card');
    box.tabIndex = -1;
    box.appendChild(el('h3', null, title));
    const ul = el('ul');
    for (const i of members.slice(0, 200)) ul.appendChild(incidentItem(i));
    box.appendChild(ul);
    if (members.length > 200) box.appendChild(el('p', 'muted', 'and ' + number(members.length - 200) + ' more'));
    return box;
  }
  // A list item that opens incident i: how the keyboard reaches every symbol.
  function incidentItem(i) {
    const li = el('li');
    const b = el('button', null, summary(i));
    b.type = 'button';
    b.dataset.incident = String(i);
    b.addEventListener('click', (e) => {
      // The popup this button sits in is replaced: a click bubbling on from a button no
      // longer in it would reach the map as a click on the map, which closes popups.
      e.stopPropagation();
      openIncident(i, true);
    });
    li.appendChild(b);
    return li;
  }
  function summary(i) {
    return [text(i, 'event_date') || 'undated', text(i, 'event_type'), text(i, 'location')].filter(Boolean).join(' · ');
  }
  const popup = L.popup({ maxWidth: 360, autoPanPadding: [20, 20] });
  // A popup opened from the keyboard takes the focus, and gives it back when closed.
  let returnFocus = null;
  function show(latlng, content, focus) {
    const from = document.activeElement;
    popup.setLatLng(latlng).setContent(content).openOn(map);
    if (focus) {
      returnFocus = from;
      content.focus();
    }
  }
  map.on('popupclose', () => {
    const to = returnFocus;
    returnFocus = null;
    if (!to) return;
    // The list is rebuilt when the map moves: find the incident's new button.
    const again = to.dataset && to.dataset.incident !== undefined && !document.contains(to)
      ? document.querySelector('#panel .list button[data-incident="' + to.dataset.incident + '"]')
      : null;
    if (document.contains(to)) to.focus();
    else if (again) again.focus();
    else map.getContainer().focus();
  });
  // Leaflet closes popups on Escape only while the map itself has the focus.
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && popup.isOpen()) map.closePopup();
  });
  function open(h, focus) {
    const at = map.layerPointToLatLng([h.x, h.y]);
    if (h.cell) {
      map.setView(at, Math.min(map.getZoom() + 2, map.getMaxZoom()));
    } else if (h.disc !== undefined) {
      const members = data.discs[h.disc][3].filter(shown);
      show(at, listCard(members, number(members.length) + ' incidents at this point'), focus);
    } else {
      show(at, card(h.i), focus);
    }
  }
  // From the list or a disc: bring the incident into view and open its popup.
  function openIncident(i, focus) {
    const ll = L.latLng(rows[i][LAT], rows[i][LON]);
    if (!map.getBounds().contains(ll)) map.setView(ll, map.getZoom(), { animate: false });
    const h = hits.find((x) => x.i === i) || hits.find((x) => x.disc !== undefined && x.disc === rows[i][DISC]);
    const at = h ? map.layerPointToLatLng([h.x, h.y]) : ll;
    show(at, card(i), focus);
  }

  // ---- the panel ----
  const panel = (function () {
    const root = document.getElementById('panel');
    root.appendChild(el('h1', null, data.title));
    root.appendChild(el('p', 'muted', data.subtitle));
    if (data.note) {
      root.appendChild(el('p', 'empty', data.note));
      document.getElementById('map').appendChild(el('div', 'note', data.note));
    }
    // Legend: one toggle per class, with counts in the date range.
    root.appendChild(el('h2', null, data.legendTitle));
    const ul = el('ul', 'legend');
    ul.setAttribute('aria-label', 'Show or hide ' + data.legendTitle.toLowerCase());
    const counts = [];
    data.classes.forEach((c, k) => {
      const li = el('li');
      const b = el('button');
      b.type = 'button';
      b.setAttribute('aria-pressed', 'true');
      const sw = el('span', 'swatch');
      sw.style.background = c.color;
      b.appendChild(sw);
      b.appendChild(el('span', 'name', c.name));
      const n = el('span', 'count', number(c.count));
      counts.push(n);
      b.appendChild(n);
      b.addEventListener('click', () => {
        on[k] = !on[k];
        b.setAttribute('aria-pressed', String(on[k]));
        redraw();
      });
      li.appendChild(b);
      ul.appendChild(li);
    });
    root.appendChild(ul);
    if (data.sizes.length) {
      root.appendChild(el('h2', null, 'Fatalities'));
      const sizes = el('div', 'sizes');
      for (const [f, r] of data.sizes) {
        const fig = el('figure');
        const dot = el('span');
        dot.style.width = dot.style.height = 2 * r + 'px';
        fig.appendChild(dot);
        fig.appendChild(el('figcaption', null, number(f)));
        sizes.appendChild(fig);
      }
      root.appendChild(sizes);
    }
    root.appendChild(el('p', 'muted', 'Incidents at one point fan out around it; more than ' + 24 + ' become a disc with their count. Above ' + number(data.dotsLimit) + ' incidents in view, counts per area are shown instead; zoom in for each incident.'));

    // Dates.
    if (data.dates) {
      root.appendChild(el('h2', null, 'Dates'));
      const box = el('div', 'dates');
      const inputs = ['from', 'to'].map((side) => {
        const id = 'incimap-date-' + side;
        const label = el('label', null, side === 'from' ? 'From' : 'To');
        label.htmlFor = id;
        const input = el('input');
        input.type = 'date';
        input.id = id;
        input.min = dates[0];
        input.max = dates[1];
        input.value = range[side];
        input.addEventListener('change', () => {
          range[side] = input.value || dates[side === 'from' ? 0 : 1];
          redraw();
        });
        box.appendChild(label);
        box.appendChild(input);
        return input;
      });
      const row = el('div', 'row');
      const reset = el('button', null, 'All dates');
      reset.type = 'button';
      reset.addEventListener('click', () => {
        range.from = inputs[0].value = dates[0];
        range.to = inputs[1].value = dates[1];
        redraw();
      });
      row.appendChild(reset);
      box.appendChild(row);
      box.appendChild(el('p', 'muted', 'Undated incidents show only with all dates.'));
      root.appendChild(box);
    }

    // Place search: the basemap's place names and the incidents' locations.
    const found = new Map();
    const key = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    for (const p of data.places) if (!found.has(key(p[2]))) found.set(key(p[2]), [p[2], p[1], p[0]]);
    for (let i = 0; i < N; i++) {
      const name = text(i, 'location');
      if (name && !found.has(key(name))) found.set(key(name), [name, rows[i][LAT], rows[i][LON]]);
    }
    const search = el('div', 'search');
    search.appendChild(el('h2', null, 'Find a place'));
    const label = el('label', null, 'Place name');
    label.htmlFor = 'incimap-search';
    const input = el('input');
    input.type = 'search';
    input.id = 'incimap-search';
    input.setAttribute('list', 'incimap-places');
    input.autocomplete = 'off';
    const list = el('datalist');
    list.id = 'incimap-places';
    const names = Array.from(found.values()).map((v) => v[0]).sort((a, b) => a.localeCompare(b));
    for (const name of names.slice(0, 5000)) {
      const o = el('option');
      o.value = name;
      list.appendChild(o);
    }
    const status = el('p', 'muted');
    status.setAttribute('aria-live', 'polite');
    const go = () => {
      const q = key(input.value);
      if (!q) return;
      let hit = found.get(q);
      if (!hit) {
        const all = Array.from(found.entries());
        const m = all.find(([k]) => k.startsWith(q)) || all.find(([k]) => k.includes(q));
        hit = m && m[1];
      }
      if (!hit) {
        status.textContent = 'No place called ' + input.value + ' on this map.';
        return;
      }
      map.setView([hit[1], hit[2]], Math.max(map.getZoom(), Math.min(view.maxZoom, 12)));
      status.textContent = 'Showing ' + hit[0] + '.';
    };
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') go(); });
    input.addEventListener('change', go);
    const button = el('button', null, 'Show');
    button.type = 'button';
    button.addEventListener('click', go);
    const row = el('div', 'row');
    row.appendChild(input);
    row.appendChild(button);
    search.appendChild(label);
    search.appendChild(row);
    search.appendChild(list);
    search.appendChild(status);
    root.appendChild(search);

    // The incidents in view, as buttons: the keyboard's way to every symbol.
    const heading = el('h2');
    root.appendChild(heading);
    const mode = el('p', 'muted');
    root.appendChild(mode);
    const items = el('ul', 'list');
    root.appendChild(items);
    const MAX_LIST = 200;
    return {
      update: function () {
        const byClass = new Array(colours.length).fill(0);
        for (let i = 0; i < N; i++) {
          const d = text(i, 'event_date');
          const inRange = d ? !(range.from && d < range.from) && !(range.to && d > range.to) : !narrowed();
          if (inRange) byClass[rows[i][CLS]] += 1;
        }
        byClass.forEach((n, k) => { counts[k].textContent = number(n); });
        heading.textContent = 'Incidents in view (' + number(inView.length) + ')';
        mode.textContent = cellMode ? 'Counts per area: zoom in to see each incident.' : '';
        items.textContent = '';
        for (const i of inView.slice(0, MAX_LIST)) items.appendChild(incidentItem(i));
        if (inView.length > MAX_LIST) items.appendChild(el('li', 'muted', 'and ' + number(inView.length - MAX_LIST) + ' more: zoom in'));
      },
    };
  })();

  function redraw() {
    if (incidents._map) incidents._redraw();
  }

  incidents.addTo(map);
  baseForZoom();
  drawPlaces();
  map.on('zoomend', baseForZoom);
  map.on('moveend', drawPlaces);

  // Where a hit is drawn, in page pixels; null when it lies outside the window.
  function pixelOfHit(h) {
    if (!h) return null;
    const c = map.layerPointToContainerPoint([h.x, h.y]);
    const size = map.getSize();
    if (c.x < h.r || c.y < h.r || c.x > size.x - h.r || c.y > size.y - h.r) return null;
    const r = document.getElementById('map').getBoundingClientRect();
    return { x: r.left + c.x, y: r.top + c.y };
  }

  // For tests and benchmarks.
  window.incimap = {
    map: map,
    // Incident i's dot (null when it is not drawn as a dot, or off the window).
    pixelOf: (i) => pixelOfHit(hits.find((x) => x.i === i)),
    // The disc of data.discs[d].
    pixelOfDisc: (d) => pixelOfHit(hits.find((x) => x.disc === d)),
    inView: () => inView.length,
    // The open popup's text ('' when none is open: a closing one fades out for a while).
    popupText: () => (popup.isOpen() ? popup.getElement().querySelector('.leaflet-popup-content').textContent : ''),
    cells: () => cellMode,
    ready: performance.now(),
    painted: 0,
  };
  requestAnimationFrame(() => { window.incimap.painted = performance.now(); });
})();
