/**
 * The service test panel: picks one of the model's APIs, sends a JSON body or a chosen file to the service's
 * inference address with the console session, and shows the answer (pretty JSON, text or image) and the latency.
 */
import type { ServiceDetail } from '@modelarts-ts/contract';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { call, sessionHeaders } from '../api.js';
import { ErrorBox, useAsync } from '../components/page.js';
import { SERVICE_SERVING } from '../contract.js';
import { formatLatency } from '../serving/monitor.js';
import { apiChoices, exampleBody, sendTestRequest, type TestResult } from '../serving/test-request.js';

export function ServiceTestPanel(props: { service: ServiceDetail }) {
  const s = props.service;
  const first = s.config[0];
  const model = useAsync(
    (signal) => (first ? call('models.get', { params: { model_id: first.model_id }, signal }) : Promise.resolve(undefined)),
    [first?.model_id],
  );
  const choices = useMemo(() => apiChoices(model.data?.apis), [model.data?.apis]);
  const [index, setIndex] = useState(0);
  const api = choices[Math.min(index, choices.length - 1)] ?? choices[0];
  const [text, setText] = useState('{}');
  // A ref, not state: effects run after paint, so one scheduled before the user's first keystroke must still see it.
  // Set on focus, not only on input: an example landing between a select-all and a paste would otherwise replace
  // the selection, and the pasted text would be appended to the example.
  const edited = useRef(false);
  const [file, setFile] = useState<File | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<TestResult | undefined>();
  const [imageUrl, setImageUrl] = useState<string | undefined>();
  useEffect(() => {
    if (model.data && api) setText((current) => (edited.current ? current : exampleBody(model.data?.apis, api.path)));
  }, [model.data, api]);
  useEffect(() => {
    if (result?.answer.kind !== 'image') return;
    const url = URL.createObjectURL(result.answer.blob);
    setImageUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [result]);
  if (!api) return null;
  const serving = (SERVICE_SERVING as readonly string[]).includes(s.status);
  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body =
        api.body === 'file' ? (file ? ({ kind: 'file', file, fileName: file.name, field: api.field } as const) : undefined) : ({ kind: 'json', text } as const);
      if (!body) throw new Error('Choose a file to send.');
      setResult(await sendTestRequest({ serviceId: s.service_id, path: api.path, method: api.method, body }, { headers: sessionHeaders() }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="test-panel" onSubmit={send} aria-label="Test the service">
      {!serving ? <p class="muted">The service is {s.status}: it answers requests only while running.</p> : null}
      <div class="test-request">
        <label>
          API{' '}
          <select value={String(index)} onChange={(e) => setIndex(Number(e.currentTarget.value))} aria-label="API">
            {choices.map((c, i) => (
              <option key={`${c.method} ${c.path}`} value={String(i)}>
                {c.method} {c.path} ({c.body === 'file' ? 'file' : 'JSON'})
              </option>
            ))}
          </select>
        </label>
        {api.body === 'json' ? (
          <textarea
            class="code"
            rows={10}
            spellcheck={false}
            aria-label="Request body (JSON)"
            value={text}
            onFocus={() => {
              edited.current = true;
            }}
            onInput={(e) => {
              edited.current = true;
              setText(e.currentTarget.value);
            }}
          />
        ) : (
          <label>
            File ({api.field}) <input type="file" aria-label="Request file" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? undefined)} />
          </label>
        )}
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? 'Sending…' : 'Send'}
        </button>
      </div>
      <ErrorBox error={error} />
      {result ? (
        <section class="test-response" aria-label="Response">
          <p>
            <span class={result.ok ? 'badge badge-ok' : 'badge badge-bad'}>HTTP {result.status}</span>{' '}
            <span class="latency" data-ms={Math.round(result.latencyMs)}>
              {formatLatency(result.latencyMs)}
            </span>{' '}
            <span class="muted">{result.contentType}</span>
          </p>
          {result.answer.kind === 'json' ? <pre class="code test-answer">{result.answer.text}</pre> : null}
          {result.answer.kind === 'text' ? <pre class="code test-answer">{result.answer.text}</pre> : null}
          {result.answer.kind === 'image' && imageUrl ? <img class="test-answer" src={imageUrl} alt="The model's answer" /> : null}
          {result.answer.kind === 'binary' ? <p class="muted">{result.answer.size} bytes of binary data</p> : null}
        </section>
      ) : null}
    </form>
  );
}
