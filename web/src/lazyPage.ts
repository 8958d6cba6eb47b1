import { createElement, lazy, useState, type ComponentType } from 'react';

/**
 * A page whose code loads when it is first opened, so the first paint waits for less.
 *
 * `preload()` starts loading it early. Once loaded, the page renders at once rather than through
 * Suspense: React holds back a suspended page for at least 300 ms after its fallback showed, a
 * wait every full load of a page (a link from a mail, a reload) would otherwise add.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (page) => (loaded = page),
      (e: unknown) => {
        // A failed fetch (the network dropped) is tried again on the next visit.
        loading = undefined;
        throw e;
      },
    ));
  const Suspending = lazy(() => preload().then((page) => ({ default: page })));
  function Page(props: P) {
    // Chosen once for the page's life: a change of component would mount the page afresh and
    // lose what was typed into it.
    const [shown] = useState<ComponentType<P>>(() => loaded ?? Suspending);
    return createElement(shown, props);
  }
  return Object.assign(Page, { preload });
}
