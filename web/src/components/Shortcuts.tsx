// Keys for people who work through lists at a desk: j and k move through the rows of a list
// (tickets, warnings, blocks, advisories, improvement items), Enter opens the row (it is a link),
// / goes to the search box (Layout's SearchBox) and ? lists these keys. Nothing happens while a
// field has the cursor or a modifier key is held, so typing is never taken over.
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n';

/** The row links a list page shows, in order. */
const ROWS = 'main .ticket-card a.ticket-link';

/** Nothing has the focus (the browser leaves it on the page's body), or only the closed dialog's
 *  own button still has it: the browser takes it from there a moment after the dialog's close
 *  event, and gives it to nothing when the element it would return to has been drawn again. */
function focusIsLoose(closed: HTMLDialogElement): boolean {
  const active = document.activeElement;
  return !active || active === document.body || closed.contains(active);
}

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return Boolean(el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)));
}

export function Shortcuts() {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  // Where the focus was when the dialog opened. The browser gives it back on closing, but not when
  // the list was drawn again meanwhile (a window resized across the desk's width swaps the table
  // for cards and back), and a person working through a list by keys must land on the row they left.
  const before = useRef<HTMLElement | null>(null);
  const open = () => {
    before.current = document.activeElement as HTMLElement | null;
    dialog.current?.showModal();
  };

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    let stopWaiting = () => {};
    const onClose = () => {
      stopWaiting();
      const back = before.current;
      before.current = null;
      if (!focusIsLoose(d)) return;
      if (back?.isConnected) {
        back.focus();
        return;
      }
      // A list drawn again meanwhile has new rows: the focus goes to the one for the same ticket,
      // once it is there (a list being drawn again can have no rows for a moment).
      const href = back?.getAttribute('href');
      if (!href) return;
      // True once there is nothing more to do: the row has the focus, or something else took it.
      const focusRow = () => {
        if (!focusIsLoose(d)) return true;
        const row = [...document.querySelectorAll<HTMLElement>(ROWS)].find((a) => a.getAttribute('href') === href);
        row?.focus();
        return Boolean(row);
      };
      if (focusRow()) return;
      const observer = new MutationObserver(() => {
        if (focusRow()) stopWaiting();
      });
      const timer = window.setTimeout(() => stopWaiting(), 3000);
      stopWaiting = () => {
        observer.disconnect();
        window.clearTimeout(timer);
      };
      observer.observe(document.body, { childList: true, subtree: true });
    };
    d.addEventListener('close', onClose);
    return () => {
      d.removeEventListener('close', onClose);
      stopWaiting();
    };
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target) || dialog.current?.open) return;
      if (e.key === '?') {
        e.preventDefault();
        open();
        return;
      }
      if (e.key !== 'j' && e.key !== 'k') return;
      const rows = [...document.querySelectorAll<HTMLAnchorElement>(ROWS)].filter((a) => a.getClientRects().length > 0);
      if (rows.length === 0) return;
      e.preventDefault();
      const at = rows.indexOf(document.activeElement as HTMLAnchorElement);
      const next = at < 0 ? (e.key === 'j' ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, at + (e.key === 'j' ? 1 : -1)));
      rows[next].focus();
      rows[next].scrollIntoView({ block: 'nearest' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const keys: [string, string][] = [
    ['j', t('shortcuts.next')],
    ['k', t('shortcuts.previous')],
    ['Enter', t('shortcuts.open')],
    ['/', t('shortcuts.search')],
    ['?', t('shortcuts.help')],
  ];
  return (
    <>
      <button type="button" className="link-button shortcuts-button" aria-keyshortcuts="?" onClick={open}>
        {t('shortcuts.button')}
      </button>
      {/* A native modal dialog: it keeps the focus inside, Escape closes it and the focus returns. */}
      <dialog ref={dialog} className="shortcuts-dialog" aria-labelledby="shortcuts-title">
        <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
        <dl className="shortcut-list">
          {keys.map(([key, what]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <form method="dialog">
          <button type="submit" className="primary">
            {t('shortcuts.close')}
          </button>
        </form>
      </dialog>
    </>
  );
}
