/** Placeholder: this page is being built. */
import { PageHeader } from '../components/page.js';
import type { PageProps } from './page.js';

export function DatasetsPage(_props: PageProps) {
  return (
    <section>
      <PageHeader title="Datasets" />
      <p class="muted">This page is not built yet.</p>
    </section>
  );
}
