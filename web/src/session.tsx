import { createContext, useContext } from 'react';
import type { Me } from './api';

export interface Session {
  me: Me;
  /** Reload who is signed in (after a password change). */
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in page');
  return s;
}

/** Centres, the CERT and the ministry look at other units' tickets; schools see their own. */
export function reviewsOthers(me: Me): boolean {
  const kind = me.unit?.kind;
  return kind === 'cert' || kind === 'ministry' || kind === 'regional_centre' || kind === 'county_centre';
}

/** Centres and the CERT keep the units below them: their contacts 1–2, API keys, the tree's CSV. */
export function managesUnits(me: Me): boolean {
  const kind = me.unit?.kind;
  return kind === 'cert' || kind === 'regional_centre' || kind === 'county_centre';
}

/** Early warnings are issued by a security operations centre or the CERT. */
export function issuesWarnings(me: Me): boolean {
  const kind = me.unit?.kind;
  return kind === 'cert' || kind === 'soc';
}

/** Centres and the CERT block addresses of their units. */
export function blocksAddresses(kind: string | undefined): boolean {
  return kind === 'cert' || kind === 'regional_centre' || kind === 'county_centre';
}
