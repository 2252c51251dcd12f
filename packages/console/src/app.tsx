/** The shell: the session check, the login page, and the layout with its navigation around the current page. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, onSessionExpired, type Session, setSession } from './api.js';
import { ErrorBox } from './components/page.js';
import { LoginPage } from './login.js';
import { pages } from './pages/index.js';
import { BASE, href, Link, navigate, useRoute } from './router.js';

type State = { kind: 'checking' } | { kind: 'out' } | { kind: 'in'; session: Session } | { kind: 'error'; error: unknown };

export function App() {
  const [state, setState] = useState<State>({ kind: 'checking' });
  useEffect(() => {
    call('console.session')
      .then((s) => {
        setSession(s);
        setState({ kind: 'in', session: s });
      })
      .catch((e) => setState(e instanceof ApiError && e.status === 401 ? { kind: 'out' } : { kind: 'error', error: e }));
    return onSessionExpired(() => setState({ kind: 'out' }));
  }, []);
  if (state.kind === 'checking') return <p class="muted boot">Loading…</p>;
  if (state.kind === 'error') return <ErrorBox error={state.error} />;
  if (state.kind === 'out') {
    return (
      <LoginPage
        onLogin={(s) => {
          setSession(s);
          setState({ kind: 'in', session: s });
        }}
      />
    );
  }
  return (
    <Layout
      session={state.session}
      onLogout={() => {
        setSession(undefined);
        setState({ kind: 'out' });
      }}
    />
  );
}

function Layout(props: { session: Session; onLogout: () => void }) {
  const route = useRoute();
  const [first, ...rest] = route.segments;
  const page = pages.find((p) => p.path === first);
  useEffect(() => {
    if (!page) navigate(href(pages[0]?.path ?? ''), { replace: true });
  }, [page]);
  useEffect(() => {
    document.title = page ? `${page.title} · ModelArts Local` : 'ModelArts Local';
  }, [page]);
  const logout = async () => {
    try {
      await call('console.logout');
    } finally {
      props.onLogout();
    }
  };
  const Page = page?.component;
  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <Link class="brand" href={`${BASE}/`}>
          ModelArts Local
        </Link>
        <span class="muted who">
          {props.session.user_name} · {props.session.region}
        </span>
        <button type="button" class="btn btn-quiet" onClick={logout}>
          Log out
        </button>
      </header>
      <nav class="sidenav" aria-label="Console">
        <ul>
          {pages.map((p) => (
            <li key={p.path}>
              <Link href={href(p.path)} aria-current={p === page ? 'page' : undefined}>
                {p.title}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" class="content" tabIndex={-1}>
        {Page ? <Page key={page.path} route={route} rest={rest} /> : null}
      </main>
    </div>
  );
}
