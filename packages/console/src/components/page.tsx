/** Page furniture and data hooks shared by every page. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api.js';

export function PageHeader(props: { title: string; children?: ComponentChildren; back?: ComponentChildren }) {
  return (
    <header class="page-header">
      {props.back ? <div class="page-back">{props.back}</div> : null}
      <h1>{props.title}</h1>
      <div class="page-actions">{props.children}</div>
    </header>
  );
}

/** An error as `error_code: error_msg` (or the message of anything else thrown). */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return `${e.error_code}: ${e.error_msg}`;
  return e instanceof Error ? e.message : String(e);
}

export function ErrorBox(props: { error: unknown }) {
  if (props.error === undefined || props.error === null) return null;
  return (
    <div class="error" role="alert">
      {errorText(props.error)}
    </div>
  );
}

export function Loading() {
  return <p class="muted">Loading…</p>;
}

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs `load` when `deps` change, and again every `pollMs` while `poll` says so (e.g. while a job runs).
 * A reload keeps the last data on screen; an error keeps it too and is shown beside it.
 */
export function useAsync<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: unknown[],
  options: { pollMs?: number; poll?: (d: T) => boolean } = {},
): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const loadRef = useRef(load);
  loadRef.current = load;
  const optionsRef = useRef(options);
  optionsRef.current = options;
  useEffect(() => {
    const ac = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      setState((s) => ({ ...s, loading: true }));
      try {
        const data = await loadRef.current(ac.signal);
        if (ac.signal.aborted) return;
        setState({ data, error: undefined, loading: false });
        const { pollMs, poll } = optionsRef.current;
        if (pollMs && (!poll || poll(data))) timer = setTimeout(run, pollMs);
      } catch (error) {
        if (ac.signal.aborted) return;
        setState((s) => ({ ...s, error, loading: false }));
        const { pollMs } = optionsRef.current;
        if (pollMs) timer = setTimeout(run, pollMs * 2);
      }
    };
    void run();
    return () => {
      ac.abort();
      clearTimeout(timer);
    };
  }, [...deps, tick]);
  return { ...state, reload };
}

/** A button that runs an async action, disabled while it runs, asking first when `confirm` is given; errors go to `onError`. */
export function ActionButton(props: {
  label: string;
  run: () => Promise<unknown>;
  confirm?: string;
  danger?: boolean;
  disabled?: boolean;
  onDone?: () => void;
  onError?: (e: unknown) => void;
}) {
  const [busy, setBusy] = useState(false);
  const click = async () => {
    if (props.confirm && !window.confirm(props.confirm)) return;
    setBusy(true);
    try {
      await props.run();
      props.onDone?.();
    } catch (e) {
      props.onError?.(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" class={props.danger ? 'btn btn-danger' : 'btn'} disabled={busy || props.disabled} onClick={click}>
      {busy ? `${props.label}…` : props.label}
    </button>
  );
}

/** Label/value pairs as a definition list. */
export function Fields(props: { items: Array<[string, ComponentChildren]> }) {
  return (
    <dl class="fields">
      {props.items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v === undefined || v === null || v === '' ? '-' : v}</dd>
        </div>
      ))}
    </dl>
  );
}
