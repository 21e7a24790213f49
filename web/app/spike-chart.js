// The small volume chart of a topic warning: one bar per bucket, the spiking bucket last, and the
// baseline threshold as a dashed line. Plain SVG nodes (no chart library, no inline styles: the
// colours come from style.css, which the Content-Security-Policy allows).

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
 * Draws a series of bucket counts with the threshold it crossed.
 * @param {number[]} series counts, oldest first, ending with the spiking bucket
 * @param {number} threshold
 * @param {string} description what the chart shows, for screen readers
 * @param {{ width?: number, height?: number }} [size]
 */
export function spikeChart(series, threshold, description, { width = 320, height = 64 } = {}) {
  const chart = svg('svg', { class: 'spike-chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', preserveAspectRatio: 'none' });
  chart.setAttribute('aria-label', description);
  const title = svg('title', {});
  title.textContent = description;
  chart.append(title);
  if (!series.length) return chart;

  const top = Math.max(1, threshold, ...series);
  const pad = 2;
  const scale = (/** @type {number} */ n) => (height - pad) * (n / top);
  const step = width / series.length;
  const barWidth = Math.max(0.5, step * 0.8);
  series.forEach((count, i) => {
    const barHeight = scale(count);
    chart.append(
      svg('rect', {
        class: i === series.length - 1 ? 'spike-bar is-spike' : 'spike-bar',
        x: (i * step).toFixed(2),
        y: (height - barHeight).toFixed(2),
        width: barWidth.toFixed(2),
        height: barHeight.toFixed(2),
      }),
    );
  });
  const y = (height - scale(threshold)).toFixed(2);
  chart.append(svg('line', { class: 'spike-threshold', x1: 0, x2: width, y1: y, y2: y }));
  return chart;
}
