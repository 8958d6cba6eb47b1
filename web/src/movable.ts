import { useCallback, useState } from 'react';

/**
 * A node for content whose place in the page changes with the layout (beside the report on a desk,
 * after it on a phone), so that the content moves rather than being mounted afresh: an open form,
 * and what was typed into it, stay when a tablet is turned or a window widened across a desk's width.
 *
 * Render the content into `node` with `createPortal`, and give `slot` as the ref of each place it
 * may show: the node goes into whichever of them is in the page.
 */
export function useMovable(): { node: HTMLDivElement; slot: (place: HTMLElement | null) => void } {
  const [node] = useState(() => document.createElement('div'));
  const slot = useCallback(
    (place: HTMLElement | null) => {
      if (place && node.parentNode !== place) place.appendChild(node);
    },
    [node],
  );
  return { node, slot };
}
