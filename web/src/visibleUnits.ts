// The units the signed-in person sees (their subtree), for pickers and names. Best effort: a
// failure leaves the list empty and the page still works with OIDs.
import { useEffect, useState } from 'react';
import { api, type FullUnit } from './api';

export function useVisibleUnits(): FullUnit[] {
  const [units, setUnits] = useState<FullUnit[]>([]);
  useEffect(() => {
    let live = true;
    api
      .units({ limit: 500 })
      .then((p) => live && setUnits(p.items))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return units;
}
