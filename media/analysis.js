// The Incident analysis webview's own script (loaded with the page's CSP nonce; the page holds no other
// script). It switches the grouping, lists the incidents of a clicked bar or count, and asks the extension
// to open a postmortem or a file. It never builds HTML: it only shows and hides rows and sets textContent.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const selection = document.getElementById('selection');
  const showAll = document.getElementById('show-all');
  const heading = document.getElementById('title-incidents');
  const rows = Array.from(document.querySelectorAll('#incidents tbody tr'));

  function setGrouping(grouping) {
    for (const section of document.querySelectorAll('section[data-grouping]')) {
      section.hidden = section.getAttribute('data-grouping') !== grouping;
    }
    for (const input of document.querySelectorAll('input[name="grouping"]')) {
      input.checked = input.value === grouping;
    }
    vscode.setState({ grouping });
  }

  /** Shows only the incidents with these ids (all of them when `ids` is undefined). */
  function select(ids, label) {
    const wanted = ids && new Set(ids);
    let shown = 0;
    for (const row of rows) {
      row.hidden = !!wanted && !wanted.has(row.getAttribute('data-id'));
      if (!row.hidden) shown++;
    }
    if (selection) {
      selection.textContent = wanted
        ? shown === 1
          ? (selection.getAttribute('data-one') || '').replace('{0}', () => label || '')
          : (selection.getAttribute('data-some') || '').replace('{0}', String(shown)).replace('{1}', () => label || '')
        : selection.getAttribute('data-all') || '';
    }
    if (showAll) showAll.hidden = !wanted;
    if (wanted && heading) {
      heading.scrollIntoView({ block: 'start' });
      heading.focus({ preventScroll: true });
    }
  }

  function activate(target) {
    const element = target instanceof Element ? target : null;
    if (!element) return false;
    const incident = element.closest('[data-open-incident]');
    if (incident) {
      vscode.postMessage({ command: 'openIncident', file: incident.getAttribute('data-open-incident') });
      return true;
    }
    const file = element.closest('[data-open-file]');
    if (file) {
      vscode.postMessage({ command: 'openFile', path: file.getAttribute('data-open-file') });
      return true;
    }
    const group = element.closest('[data-ids]');
    if (group) {
      const ids = (group.getAttribute('data-ids') || '').split(' ').filter(Boolean);
      select(ids, group.getAttribute('data-label') || '');
      return true;
    }
    return false;
  }

  document.addEventListener('click', (event) => {
    if (event.target === showAll) return select(undefined, '');
    if (activate(event.target)) event.preventDefault();
  });
  // Bars are SVG groups with role="button": Enter and Space activate them as they would a button.
  document.addEventListener('keydown', (event) => {
    const target = event.target;
    if (!(target instanceof Element) || target.getAttribute('role') !== 'button') return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      activate(target);
    }
  });
  document.addEventListener('change', (event) => {
    const target = event.target;
    if (target instanceof HTMLInputElement && target.name === 'grouping') setGrouping(target.value);
  });

  const state = vscode.getState();
  if (state && ['kind', 'area', 'cause'].includes(state.grouping)) setGrouping(state.grouping);
})();
