// The server's clock, not the browser's: deadlines are counted by the server (whose clock tests
// may move), and a phone's clock may be minutes off. GET /health tells the server's time; the
// offset to the browser's clock is kept and every countdown reads serverNow().
import { useEffect, useState } from 'react';
import { api } from './api';

let offsetMs = 0;
let synced = false;
const listeners = new Set<() => void>();

/** Milliseconds since the epoch by the server's clock (as of the last sync). */
export function serverNow(): number {
  return Date.now() + offsetMs;
}

export function clockSynced(): boolean {
  return synced;
}

/** Asks the server for its time; pages call this when they load the data they count down. */
export async function syncServerClock(): Promise<void> {
  const sent = Date.now();
  const health = await api.health();
  const received = Date.now();
  const server = Date.parse(health.time);
  if (Number.isNaN(server)) return;
  // The server sends whole seconds: half a second is the middle of the second it meant, and half
  // the round trip is the best guess of when it read its clock.
  offsetMs = server + 500 - (sent + received) / 2;
  synced = true;
  listeners.forEach((l) => l());
}

/** The server's time, refreshed every `everyMs` and whenever the clock is synced again. */
export function useServerNow(everyMs = 1000): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const update = () => setNow(serverNow());
    listeners.add(update);
    const timer = window.setInterval(update, everyMs);
    return () => {
      listeners.delete(update);
      window.clearInterval(timer);
    };
  }, [everyMs]);
  return now;
}
