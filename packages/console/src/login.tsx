/** The login form: the account's user name and password, as in the credentials file. */
import { useState } from 'preact/hooks';
import { call, type Session } from './api.js';
import { errorText } from './components/page.js';

export function LoginPage(props: { onLogin: (s: Session) => void }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const domain = String(form.get('domain_name') ?? '').trim();
    setBusy(true);
    setError(undefined);
    try {
      const s = await call('console.login', {
        body: { user_name: String(form.get('user_name') ?? ''), password: String(form.get('password') ?? ''), ...(domain ? { domain_name: domain } : {}) },
      });
      props.onLogin(s);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="login">
      <form class="login-box" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">ModelArts Local</h1>
        <p class="muted">Log in with the user of the credentials file (modelarts local credentials).</p>
        <label>
          User name
          <input name="user_name" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <label>
          Account name <span class="muted">(optional)</span>
          <input name="domain_name" autoComplete="organization" />
        </label>
        {error ? (
          <div class="error" role="alert">
            {errorText(error)}
          </div>
        ) : null}
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
