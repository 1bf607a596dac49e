import { useEffect, useState } from 'preact/hooks';

/** Date.now(), refreshed every second while `ticking` (the active call's timer). */
export function useNow(ticking: boolean, clock: () => number = Date.now): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    setNow(clock());
    if (!ticking) return;
    const timer = setInterval(() => setNow(clock()), 1000);
    return () => clearInterval(timer);
  }, [ticking, clock]);
  return now;
}
