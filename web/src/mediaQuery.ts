import { useSyncExternalStore } from 'react';

/** Whether a CSS media query holds now, followed as the window changes. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (changed) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', changed);
      return () => list.removeEventListener('change', changed);
    },
    () => window.matchMedia(query).matches,
  );
}

/** Phones (up to 600 px wide): the menu as a bar at the bottom, within reach of a thumb. */
export const PHONE_QUERY = '(max-width: 600px)';
/** Desks (from 1000 px): lists as tables, the ticket's deadlines and actions beside its report. */
export const DESK_QUERY = '(min-width: 1000px)';
