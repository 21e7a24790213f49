// Small DOM helpers. Scraped text is untrusted: everything here builds nodes and sets text,
// never HTML, so a title like `<img onerror=…>` stays a string.

/**
 * Creates an element with a class and children; strings become text nodes.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [className]
 * @param {...(Node | string)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, className, ...children) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  el.append(...children);
  return el;
}

/**
 * Finds an element by id and checks its type, so a renamed id fails loudly at start.
 * @template {HTMLElement} T
 * @param {string} id
 * @param {{ new (): T, prototype: T }} type
 * @returns {T}
 */
export function byId(id, type) {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`#${id} is missing or not a ${type.name}`);
  return el;
}

/**
 * Returns the URL when it is an absolute http(s) address, else null: scraped links may carry
 * `javascript:` or `data:` schemes that must never become an href.
 * @param {string | null | undefined} url
 */
export function safeHttpUrl(url) {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * Creates a link that opens the original in a new tab without giving it access to this page,
 * or a plain span when the URL is not http(s).
 * @param {string | null | undefined} url
 * @param {string} text
 * @param {string} [className]
 */
export function externalLink(url, text, className) {
  const href = safeHttpUrl(url);
  if (!href) return h('span', className, text);
  const a = h('a', className, text);
  a.setAttribute('href', href);
  a.setAttribute('target', '_blank');
  a.setAttribute('rel', 'noopener noreferrer');
  return a;
}
