import type { ReactNode } from 'react';

/** One fact of a record's details: its name and its value, in a description list. */
export function FactRow({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div className="row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
