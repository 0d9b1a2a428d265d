// The wasmgi dashboard: plain JavaScript, nothing fetched from elsewhere. The token comes in the address's
// fragment (never sent to the server), is kept in memory only, and goes out as Authorization: Bearer.
'use strict';

const api = 'api/';
let token = null;
const history = new Map(); // bundle id -> [{t, calls, p50}], for the charts
const HISTORY = 60;

function takeToken() {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (match) {
    token = match[1];
    window.history.replaceState(null, '', location.pathname + location.search); // out of the address bar
  }
}

async function call(method, path, body, type) {
  const headers = { Authorization: 'Bearer ' + token };
  if (type) headers['Content-Type'] = type;
  const response = await fetch(api + path, { method, headers, body, cache: 'no-store', credentials: 'omit' });
  if (response.status === 401) showLogin();
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Error(json && json.error ? json.error : response.status + ' ' + response.statusText);
  return json;
}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

function micros(value) {
  if (!value) return '–';
  return value < 1000 ? value.toFixed(value < 10 ? 2 : 1) + ' µs' : (value / 1000).toFixed(1) + ' ms';
}

function bytes(value) {
  if (value >= 1048576) return (value / 1048576).toFixed(1) + ' MiB';
  return Math.round(value / 1024) + ' KiB';
}

function spark(points, cls, svg) {
  const max = Math.max(1e-9, ...points);
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
  line.setAttribute('class', cls);
  const step = 150 / Math.max(1, points.length - 1);
  line.setAttribute('points', points.map((v, i) => (i * step).toFixed(1) + ',' + (27 - v / max * 25).toFixed(1)).join(' '));
  svg.appendChild(line);
}

function chart(id) {
  const samples = history.get(id) || [];
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', '0 0 150 28');
  const rates = samples.map(s => s.rate);
  const p50s = samples.map(s => s.p50);
  if (samples.length > 1) {
    spark(p50s, 'latency', svg);
    spark(rates, 'rate', svg);
  }
  const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
  title.textContent = 'blue: p50 latency, amber: calls per second (last ' + HISTORY + ' samples)';
  svg.appendChild(title);
  return svg;
}

function remember(plugin) {
  const now = Date.now() / 1000;
  const samples = history.get(plugin.bundleId) || [];
  const last = samples[samples.length - 1];
  const rate = last && now > last.t ? Math.max(0, (plugin.calls - last.calls) / (now - last.t)) : 0;
  samples.push({ t: now, calls: plugin.calls, p50: plugin.latency.p50Micros, rate });
  while (samples.length > HISTORY) samples.shift();
  history.set(plugin.bundleId, samples);
  return rate;
}

function render(plugins) {
  const body = document.querySelector('#plugins tbody');
  const rows = [];
  for (const p of plugins) {
    const tr = el('tr');
    tr.dataset.bundleId = p.bundleId;
    tr.dataset.state = p.state;
    tr.append(el('td', p.bundleId, 'num'), el('td', p.symbolicName), el('td', p.state.toLowerCase()));
    if (p.state === 'REFUSED') {
      tr.className = 'refused';
      const reason = el('td', p.refusal, 'reason');
      reason.colSpan = 10;
      tr.append(reason);
    } else {
      const rate = remember(p);
      const faults = Object.entries(p.faults).filter(([, n]) => n > 0).map(([r, n]) => r.toLowerCase() + ' ' + n).join(', ');
      const limits = p.limits.map(l => l.key + ' ' + l.value + ' (' + l.origin + ')').join('; ');
      tr.title = limits;
      tr.append(el('td', p.name), el('td', p.symbol, 'symbol'), el('td', p.calls, 'num'), el('td', rate.toFixed(1), 'num'),
        el('td', faults || '0'), el('td', micros(p.latency.p50Micros), 'num'), el('td', micros(p.latency.p99Micros), 'num'),
        el('td', bytes(p.memoryBytes) + ' / ' + bytes(p.memoryLimitBytes), 'num'), el('td', p.engine));
      const charts = el('td');
      charts.append(chart(p.bundleId));
      tr.append(charts);
    }
    const actions = el('td');
    const remove = el('button', 'remove', 'remove');
    remove.addEventListener('click', () => removePlugin(p.bundleId));
    actions.append(remove);
    tr.append(actions);
    rows.push(tr);
  }
  body.replaceChildren(...rows);
}

async function refresh() {
  try {
    render(await call('GET', 'plugins'));
    const operators = await call('GET', 'operators');
    const select = document.getElementById('calc-op');
    const chosen = select.value;
    const symbols = [...new Set(operators.map(o => o.symbol))];
    select.replaceChildren(...symbols.map(s => { const o = el('option', s); o.value = s; return o; }));
    if (symbols.includes(chosen)) select.value = chosen;
  } catch (e) {
    note('install-result', e.message, true);
  }
  await refreshCluster();
}

// The cluster, when the container is a member: asked until the API says there is no cluster here (404)
let clusterHere = true;

async function refreshCluster() {
  if (!clusterHere) return;
  const section = document.getElementById('cluster');
  try {
    const response = await fetch(api + 'cluster/members', { headers: { Authorization: 'Bearer ' + token }, cache: 'no-store', credentials: 'omit' });
    if (response.status === 404) { clusterHere = false; section.hidden = true; return; }
    const members = await response.json();
    if (!response.ok) throw new Error(members.error || response.status + ' ' + response.statusText);
    const plugins = await call('GET', 'cluster/plugins');
    section.hidden = false;
    document.getElementById('cluster-name').textContent = members.cluster + ', ' + members.members.length + ' members';
    note('cluster-note', '');
    document.querySelector('#cluster-members tbody').replaceChildren(...members.members.map(m => {
      const tr = el('tr');
      tr.append(el('td', m.address + (m.local ? ' (this member)' : '')), el('td', m.id, 'symbol'), el('td', m.since),
        el('td', m.serving + ' of ' + m.clusterPlugins, 'num'));
      return tr;
    }));
    const rows = [];
    for (const p of plugins.plugins) {
      const tr = el('tr');
      tr.append(el('td', p.name), el('td', p.sha256.substring(0, 12), 'symbol'), el('td', p.serving + ' of ' + p.members.length, 'num'));
      const elsewhere = p.members.filter(m => m.state !== 'SERVING')
        .map(m => m.address + ': ' + m.state.toLowerCase() + (m.reason ? ' (' + m.reason + ')' : '')).join('; ');
      tr.append(el('td', elsewhere || 'serving on every member', 'reason'));
      if (p.serving < p.members.length) tr.className = 'refused';
      rows.push(tr);
    }
    document.querySelector('#cluster-plugins tbody').replaceChildren(...rows);
  } catch (e) {
    section.hidden = false;
    note('cluster-note', e.message, true);
  }
}

function note(id, text, error) {
  const node = document.getElementById(id);
  node.textContent = text;
  node.classList.toggle('error', !!error);
}

function status(text, cls) {
  const node = document.getElementById('status');
  node.textContent = text;
  node.className = 'status ' + cls;
}

function logEvent(event) {
  const list = document.getElementById('events');
  const what = event.type.toLowerCase() + ': ' + (event.name ? event.name + ' (' + event.symbol + ')' : event.symbolicName || '')
    + ', bundle ' + event.bundleId + (event.reason ? ' — ' + event.reason : '');
  list.prepend(el('li', new Date(event.time).toLocaleTimeString() + ' ' + what));
  while (list.children.length > 50) list.lastChild.remove();
}

// Server-Sent Events through fetch: EventSource cannot send the Authorization header.
async function listen() {
  for (;;) {
    try {
      const response = await fetch(api + 'events', { headers: { Authorization: 'Bearer ' + token }, cache: 'no-store', credentials: 'omit' });
      if (response.status === 401) { showLogin(); return; }
      if (!response.ok) throw new Error(response.status);
      status('live', 'live');
      await refresh();
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').filter(l => l.startsWith('data: ')).map(l => l.slice(6)).join('\n');
          if (data) {
            logEvent(JSON.parse(data));
            refresh();
          }
        }
      }
    } catch (e) {
      // the server went or restarted: try again
    }
    status('reconnecting', 'down');
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
}

async function removePlugin(id) {
  try {
    await call('DELETE', 'plugins/' + id);
    note('install-result', 'bundle ' + id + ' removed');
  } catch (e) {
    note('install-result', e.message, true);
  }
}

async function install(file) {
  const jar = file.name.endsWith('.jar');
  const path = jar ? 'plugins' : 'plugins?name=' + encodeURIComponent(file.name);
  try {
    const plugin = await call('POST', path, await file.arrayBuffer(), jar ? 'application/java-archive' : 'application/wasm');
    note('install-result', plugin.name + ' (' + plugin.symbol + ') is serving, bundle ' + plugin.bundleId);
  } catch (e) {
    note('install-result', file.name + ': ' + e.message, true);
  }
}

function showLogin() {
  document.getElementById('login').hidden = false;
  status('no token', 'down');
}

function start() {
  takeToken();
  document.getElementById('login-form').addEventListener('submit', event => {
    event.preventDefault();
    token = document.getElementById('login-token').value.trim();
    document.getElementById('login').hidden = true;
    listen();
  });
  document.getElementById('calc').addEventListener('submit', async event => {
    event.preventDefault();
    const result = document.getElementById('calc-result');
    const body = JSON.stringify({
      a: Number(document.getElementById('calc-a').value),
      op: document.getElementById('calc-op').value,
      b: Number(document.getElementById('calc-b').value),
    });
    try {
      result.textContent = (await call('POST', 'calc', body, 'application/json')).result;
      result.className = '';
    } catch (e) {
      result.textContent = e.message;
      result.className = 'error';
    }
  });
  const drop = document.getElementById('drop');
  drop.addEventListener('dragover', event => { event.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', event => {
    event.preventDefault();
    drop.classList.remove('over');
    [...event.dataTransfer.files].forEach(install);
  });
  if (!token) { showLogin(); return; }
  listen();
  setInterval(() => { if (token) refresh(); }, 2000);
}

start();
