// Keyboard use of a role="tablist" (WAI-ARIA tabs pattern): the arrow keys, Home and End move to
// another tab and select it, so a row of tabs is one stop of the Tab key instead of four.
export function tablist(node: HTMLElement) {
  const tabs = () => [...node.querySelectorAll<HTMLElement>('[role="tab"]')];
  // Only the selected tab is reached with the Tab key; the others by the arrows.
  const rove = () => {
    for (const tab of tabs()) tab.tabIndex = tab.getAttribute('aria-selected') === 'true' ? 0 : -1;
  };
  const onKey = (e: KeyboardEvent) => {
    const all = tabs();
    const i = all.indexOf(document.activeElement as HTMLElement);
    if (i < 0) return;
    const to = ({ ArrowRight: i + 1, ArrowLeft: i - 1 + all.length, Home: 0, End: all.length - 1 } as Record<string, number>)[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = all[to % all.length];
    next.click();
    next.focus();
  };
  const observer = new MutationObserver(rove);
  observer.observe(node, { subtree: true, attributes: true, attributeFilter: ['aria-selected'], childList: true });
  rove();
  node.addEventListener('keydown', onKey);
  return {
    destroy() {
      observer.disconnect();
      node.removeEventListener('keydown', onKey);
    },
  };
}
