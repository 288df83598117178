import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A text box kept in the address's query string (`?name=value`) once the typing pauses, so that the view can
 * be bookmarked without a request for every key stroke. Going back in the browser's history puts the
 * address's value back into the box.
 */
export function useDebouncedParam(name: string, wait = 350): [string, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const urlValue = params.get(name) ?? '';
  const [text, setText] = useState(urlValue);
  const [debounced] = useDebouncedValue(text.trim(), wait);
  const written = useRef(debounced);

  // The address changed by other means (history, a link): show its value (React's "adjust state on a change").
  const [seenUrlValue, setSeenUrlValue] = useState(urlValue);
  if (urlValue !== seenUrlValue) {
    setSeenUrlValue(urlValue);
    if (urlValue !== debounced) setText(urlValue);
  }

  useEffect(() => {
    if (debounced === written.current) return;
    written.current = debounced;
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (debounced) next.set(name, debounced);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  }, [debounced, name, setParams]);

  return [text, setText];
}
