/** Placeholder: this page is being built. */
import { PageHeader } from '../components/page.js';
import type { PageProps } from './page.js';

export function OverviewPage(_props: PageProps) {
  return (
    <section>
      <PageHeader title="Overview" />
      <p class="muted">This page is not built yet.</p>
    </section>
  );
}
