/** A log that follows its end while new lines arrive, unless the reader scrolled up or switched following off. */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export function LogViewer(props: { text: string; label: string; live?: boolean }) {
  const pre = useRef<HTMLPreElement>(null);
  const [follow, setFollow] = useState(true);
  useLayoutEffect(() => {
    const el = pre.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [props.text, follow]);
  useEffect(() => {
    const el = pre.current;
    if (!el) return;
    const onScroll = () => {
      const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
      setFollow(atEnd);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);
  return (
    <div class="log">
      <div class="log-tools">
        <span class="muted">{props.live ? 'live' : 'ended'}</span>
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.currentTarget.checked)} /> Follow
        </label>
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling log must be reachable (and scrollable) from the keyboard */}
      <pre ref={pre} tabIndex={0} role="log" aria-label={props.label} aria-live="off">
        {props.text || ' '}
      </pre>
    </div>
  );
}
