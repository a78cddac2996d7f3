import { useEffect, useState, type RefObject } from 'react';

/** Becomes true once the element scrolls near the viewport, and stays true: charts below the fold load only when needed. */
export function useVisible(ref: RefObject<Element | null>, margin = '300px'): boolean {
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || visible) return;
    if (typeof IntersectionObserver === 'undefined') {
      setVisible(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setVisible(true);
          observer.disconnect();
        }
      },
      { rootMargin: margin },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, margin, visible]);
  return visible;
}
