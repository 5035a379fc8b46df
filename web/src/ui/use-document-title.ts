import { useEffect } from 'react';

/** Sets the tab title to "<page> · <site>", which is also what a screen reader announces first. */
export function useDocumentTitle(page: string, site = 'Filo'): void {
  useEffect(() => {
    document.title = page === site ? site : `${page} · ${site}`;
  }, [page, site]);
}
