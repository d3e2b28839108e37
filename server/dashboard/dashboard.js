// The dashboard: asks this server's REST endpoint for a workspace's
// statistics and draws them as bar charts and a table. Plain browser
// JavaScript with no library, served by the server itself; the pure
// functions at the top are also loaded by tests/dashboard under Node.
'use strict';

const PALETTE = ['#2f6fdf', '#e8833a', '#3aa675', '#c0392b', '#8e6cc7',
                 '#b5838d', '#d4a017', '#16a5a5'];
const DAY_MS = 24 * 60 * 60 * 1000;

// YYYY-MM-DD of a Date, as a UTC day (the service's days are UTC).
function utcDay(date) {
  return date.toISOString().slice(0, 10);
}

// The last 90 UTC days up to `today`, both ends included.
function defaultRange(today) {
  return {startDate: utcDay(new Date(today.getTime() - 89 * DAY_MS)),
          endDate: utcDay(today)};
}

// "a, b,,c " -> ["a", "b", "c"]
function splitIds(text) {
  return text.split(',').map((id) => id.trim()).filter((id) => id !== '');
}

// The REST path and query for a form's values. The key is not in it: it
// travels in a header, so that it stays out of logs and browser history.
function statsPath(query) {
  const params = new URLSearchParams();
  params.set('startDate', query.startDate);
  params.set('endDate', query.endDate);
  for (const id of splitIds(query.projectId || '')) params.append('projectId', id);
  for (const id of splitIds(query.userId || '')) params.append('userId', id);
  return '/' + encodeURIComponent(query.workspace) + '/stats?' + params;
}

// Approved share of reviews in percent, rounded to two decimals; null
// when nothing was reviewed.
function approvalRate(approved, rejected) {
  const reviewed = approved + rejected;
  if (reviewed === 0) return null;
  return Math.round((approved * 10000) / reviewed) / 100;
}

// One entry per labeler, most images first: the answer's rows summed over
// projects, with each project's images kept apart for stacking.
function summarizeLabelers(answer) {
  const names = new Map(answer.labelers.map((l) => [l.id, l.displayName || l.id]));
  const byId = new Map();
  for (const row of answer.data) {
    let entry = byId.get(row.labelerId);
    if (!entry) {
      entry = {id: row.labelerId, name: names.get(row.labelerId) || row.labelerId,
               images: 0, boxesAdded: 0, boxesRemoved: 0, boxesUpdated: 0,
               approved: 0, rejected: 0, imagesByProject: new Map()};
      byId.set(row.labelerId, entry);
    }
    entry.images += row.imagesLabeled;
    entry.boxesAdded += row.boxesAdded;
    entry.boxesRemoved += row.boxesRemoved;
    entry.boxesUpdated += row.boxesUpdated;
    entry.approved += row.approved;
    entry.rejected += row.rejected;
    entry.imagesByProject.set(row.projectId,
        (entry.imagesByProject.get(row.projectId) || 0) + row.imagesLabeled);
  }
  for (const entry of byId.values()) {
    entry.approvalRate = approvalRate(entry.approved, entry.rejected);
  }
  return [...byId.values()].sort((a, b) => b.images - a.images ||
                                           a.name.localeCompare(b.name));
}

// Projects in order of first appearance, each with a color and a name.
function projectLegend(answer) {
  const projects = new Map();
  for (const row of answer.data) {
    if (!projects.has(row.projectId)) {
      projects.set(row.projectId, {
        id: row.projectId, name: row.projectName || row.projectId,
        color: PALETTE[projects.size % PALETTE.length]});
    }
  }
  return [...projects.values()];
}

// What to show for a failed call: the service's own message when the body
// is its {"code", "message"} error, else the HTTP status.
function errorText(status, body) {
  try {
    const parsed = JSON.parse(body);
    if (parsed && typeof parsed.message === 'string') {
      return 'HTTP ' + status + ': ' + parsed.message;
    }
  } catch (ignored) {
    // Not JSON: a proxy's page, say.
  }
  return 'HTTP ' + status;
}

if (typeof module !== 'undefined') {
  module.exports = {defaultRange, splitIds, statsPath, approvalRate,
                    summarizeLabelers, projectLegend, errorText};
}

// ---- Drawing (browser only) ----

const SVG_NS = 'http://www.w3.org/2000/svg';
const LABEL_WIDTH = 170;
const BAR_HEIGHT = 18;
const ROW_GAP = 6;
const CHART_WIDTH = 760;
const VALUE_WIDTH = 140;  // room right of the longest bar for its figures

function svgElement(name, attributes, text) {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) {
    element.setAttribute(key, value);
  }
  if (text !== undefined) element.textContent = text;
  return element;
}

// Horizontal bars, one row per item; each row's segments are
// [{value, color, title}], drawn side by side from the axis.
function drawBars(container, rows, maximum, valueText) {
  container.replaceChildren();
  const height = rows.length * (BAR_HEIGHT + ROW_GAP) + ROW_GAP;
  const svg = svgElement('svg', {viewBox: `0 0 ${CHART_WIDTH} ${height}`,
                                 role: 'img'});
  const barSpace = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  rows.forEach((row, index) => {
    const y = ROW_GAP + index * (BAR_HEIGHT + ROW_GAP);
    svg.append(svgElement('text', {x: LABEL_WIDTH - 8, y: y + 13,
                                   'text-anchor': 'end'}, row.label));
    let x = LABEL_WIDTH;
    for (const segment of row.segments) {
      const width = maximum > 0 ? (segment.value / maximum) * barSpace : 0;
      const bar = svgElement('rect', {x, y, width: Math.max(width, 0),
                                      height: BAR_HEIGHT, fill: segment.color});
      bar.append(svgElement('title', {}, segment.title));
      svg.append(bar);
      x += width;
    }
    svg.append(svgElement('text', {x: x + 6, y: y + 13}, valueText(row)));
  });
  svg.append(svgElement('line', {x1: LABEL_WIDTH, x2: LABEL_WIDTH, y1: 0,
                                 y2: height, class: 'axis'}));
  container.append(svg);
}

function drawLegend(list, entries) {
  list.replaceChildren(...entries.map((entry) => {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.style.background = entry.color;
    item.append(swatch, entry.name);
    return item;
  }));
}

function drawTotals(container, stats) {
  const rate = stats.approvalRate === null ? '–' : stats.approvalRate + '%';
  const cards = [
    ['Images labeled', stats.numImagesLabeled],
    ['Marked null', stats.numImagesMarkedNull],
    ['With model assist', stats.totalImagesUsingModelAssist],
    ['Boxes added', stats.numBoxesAdded],
    ['Boxes removed', stats.numBoxesRemoved],
    ['Boxes updated', stats.numBoxesUpdated],
    ['Approval rate', rate]];
  container.replaceChildren(...cards.map(([name, value]) => {
    const card = document.createElement('div');
    card.className = 'card';
    const number = document.createElement('div');
    number.className = 'value';
    number.textContent = typeof value === 'number' ? value.toLocaleString() : value;
    const caption = document.createElement('div');
    caption.className = 'name';
    caption.textContent = name;
    card.append(number, caption);
    return card;
  }));
}

function drawTable(table, answer) {
  const names = new Map(answer.labelers.map((l) => [l.id, l.displayName || l.id]));
  const columns = [
    ['Project', (r) => r.projectName || r.projectId, false],
    ['Labeler', (r) => names.get(r.labelerId) || r.labelerId, false],
    ['Images', (r) => r.imagesLabeled, true],
    ['Added', (r) => r.boxesAdded, true],
    ['Removed', (r) => r.boxesRemoved, true],
    ['Updated', (r) => r.boxesUpdated, true],
    ['Null', (r) => r.markedNull, true],
    ['Assisted', (r) => r.modelAssisted, true],
    ['Approved', (r) => r.approved, true],
    ['Rejected', (r) => r.rejected, true],
    ['Approval', (r) => (r.approvalRate === null ? '–' : r.approvalRate + '%'), true]];
  const head = document.createElement('tr');
  for (const [title] of columns) {
    const cell = document.createElement('th');
    cell.textContent = title;
    head.append(cell);
  }
  const rows = answer.data.map((row) => {
    const line = document.createElement('tr');
    for (const [, value, numeric] of columns) {
      const cell = document.createElement('td');
      if (numeric) cell.className = 'number';
      cell.textContent = String(value(row));
      line.append(cell);
    }
    return line;
  });
  table.replaceChildren(head, ...rows);
}

function draw(answer) {
  drawTotals(document.getElementById('totals'), answer.stats);
  const labelers = summarizeLabelers(answer);
  const projects = projectLegend(answer);

  const mostImages = Math.max(0, ...labelers.map((l) => l.images));
  drawBars(document.getElementById('images-chart'), labelers.map((l) => ({
    label: l.name, total: l.images,
    segments: projects.filter((p) => l.imagesByProject.has(p.id)).map((p) => ({
      value: l.imagesByProject.get(p.id), color: p.color,
      title: `${l.name}, ${p.name}: ${l.imagesByProject.get(p.id)} images`}))})),
  mostImages, (row) => String(row.total));
  drawLegend(document.getElementById('images-legend'), projects);

  const boxKinds = [['boxesAdded', 'added', PALETTE[2]],
                    ['boxesRemoved', 'removed', PALETTE[3]],
                    ['boxesUpdated', 'updated', PALETTE[0]]];
  const mostBoxes = Math.max(0, ...labelers.map(
      (l) => l.boxesAdded + l.boxesRemoved + l.boxesUpdated));
  drawBars(document.getElementById('boxes-chart'), labelers.map((l) => ({
    label: l.name, labeler: l,
    segments: boxKinds.map(([field, word, color]) => ({
      value: l[field], color, title: `${l.name}: ${l[field]} boxes ${word}`}))})),
  mostBoxes, (row) => boxKinds.map(([field]) => row.labeler[field]).join(' / '));
  drawLegend(document.getElementById('boxes-legend'),
             boxKinds.map(([, word, color]) => ({name: 'boxes ' + word, color})));

  const reviewed = labelers.filter((l) => l.approvalRate !== null);
  drawBars(document.getElementById('approval-chart'), reviewed.map((l) => ({
    label: l.name, rate: l.approvalRate, reviews: l.approved + l.rejected,
    segments: [{value: l.approvalRate, color: PALETTE[2],
                title: `${l.name}: ${l.approved} approved, ${l.rejected} rejected`}]})),
  100, (row) => `${row.rate}% of ${row.reviews}`);

  drawTable(document.getElementById('rows'), answer);
}

function showStatus(text, isError) {
  const status = document.getElementById('status');
  status.textContent = text;
  status.className = isError ? 'error' : '';
}

async function ask(form) {
  const values = Object.fromEntries(new FormData(form));
  showStatus('Asking…', false);
  let response;
  let body;
  try {
    response = await fetch(statsPath(values), {headers: {'x-api-key': values.key}});
    body = await response.text();
  } catch (failure) {
    showStatus('The server did not answer: ' + failure.message, true);
    return;
  }
  if (!response.ok) {
    document.getElementById('results').hidden = true;
    showStatus(errorText(response.status, body), true);
    return;
  }
  const answer = JSON.parse(body);
  document.getElementById('results').hidden = false;
  const notices = answer.meta && answer.meta.notices ? answer.meta.notices : [];
  showStatus(answer.data.length === 0
      ? 'No labeling activity matched. ' + notices.join(' ')
      : notices.join(' '), false);
  draw(answer);
}

function start() {
  const form = document.getElementById('query');
  const range = defaultRange(new Date());
  form.elements.startDate.value = range.startDate;
  form.elements.endDate.value = range.endDate;
  const workspace = new URLSearchParams(location.search).get('workspace');
  if (workspace) form.elements.workspace.value = workspace;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ask(form);
  });
}

if (typeof document !== 'undefined') {
  document.addEventListener('DOMContentLoaded', start);
}
