// The side column's tabs (信息源 / 监测规则 / 待标注 / 模型 / 新闻发布 / 用户): one panel shown at a time, arrow keys
// move between tabs (WAI-ARIA tabs pattern).
import { byId } from './dom.js';

export class Tabs {
  /**
   * @param {HTMLElement} tablist
   * @param {(panelId: string) => void} onShow called when a panel is shown (first load of its data)
   */
  constructor(tablist, onShow) {
    this.tablist = tablist;
    this.onShow = onShow;
    tablist.addEventListener('click', (event) => {
      const tab = event.target instanceof Element ? event.target.closest('[role="tab"]') : null;
      if (tab instanceof HTMLButtonElement) this.show(tab);
    });
    tablist.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
      const tabs = this.visibleTabs();
      const at = tabs.findIndex((tab) => tab === document.activeElement);
      const next = tabs[(at + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
      if (next) {
        this.show(next);
        next.focus();
      }
    });
  }

  visibleTabs() {
    return [...this.tablist.querySelectorAll('[role="tab"]')].filter((tab) => tab instanceof HTMLButtonElement && !tab.hidden).map((tab) => /** @type {HTMLButtonElement} */ (tab));
  }

  /**
   * Hides a tab (and its panel) the role cannot use.
   * @param {string} panelId
   * @param {boolean} hidden
   */
  setHidden(panelId, hidden) {
    const tab = this.tablist.querySelector(`[aria-controls="${panelId}"]`);
    if (tab instanceof HTMLButtonElement) tab.hidden = hidden;
    if (hidden) byId(panelId, HTMLElement).hidden = true;
  }

  /** @param {HTMLButtonElement} selected */
  show(selected) {
    for (const tab of this.tablist.querySelectorAll('[role="tab"]')) {
      const on = tab === selected;
      tab.setAttribute('aria-selected', String(on));
      tab.setAttribute('tabindex', on ? '0' : '-1');
      const panelId = tab.getAttribute('aria-controls');
      if (panelId) byId(panelId, HTMLElement).hidden = !on;
    }
    const panelId = selected.getAttribute('aria-controls');
    if (panelId) this.onShow(panelId);
  }
}
