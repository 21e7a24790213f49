// The progress bar of one quota rule: held events (solid, in the colour of the rule's state) and
// planned events (lighter) against the required count. Plain SVG nodes whose sizes are attributes
// and whose colours come from style.css, so the Content-Security-Policy (style-src 'self') holds.

const svgNs = 'http://www.w3.org/2000/svg';

/**
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | number>} attributes
 * @returns {SVGElementTagNameMap[K]}
 */
function svg(tag, attributes) {
  const el = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, String(value));
  return el;
}

/**
 * Draws counted and planned events out of the required count; a count beyond the requirement fills
 * the bar. One tick per required event when there are few, so "1 of 4" reads at a glance.
 * @param {{ counted: number, planned: number, required: number }} numbers
 * @param {string} description what the bar shows, for screen readers
 */
export function quotaBar({ counted, planned, required }, description) {
  const width = 100;
  const height = 10;
  const bar = svg('svg', { class: 'quota-bar', viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img' });
  bar.setAttribute('aria-label', description);
  const title = svg('title', {});
  title.textContent = description;
  bar.append(title);

  const whole = Math.max(1, required);
  const part = (/** @type {number} */ n) => (width * Math.min(n, whole)) / whole;
  const countedWidth = part(counted);
  const plannedWidth = Math.min(width - countedWidth, part(planned));
  bar.append(svg('rect', { class: 'quota-track', x: 0, y: 0, width, height, rx: 2 }));
  if (plannedWidth > 0) bar.append(svg('rect', { class: 'quota-planned', x: countedWidth.toFixed(2), y: 0, width: plannedWidth.toFixed(2), height }));
  if (countedWidth > 0) bar.append(svg('rect', { class: 'quota-counted', x: 0, y: 0, width: countedWidth.toFixed(2), height }));
  if (required > 1 && required <= 12) {
    for (let i = 1; i < required; i += 1) {
      const x = ((width * i) / required).toFixed(2);
      bar.append(svg('line', { class: 'quota-tick', x1: x, x2: x, y1: 0, y2: height }));
    }
  }
  return bar;
}
