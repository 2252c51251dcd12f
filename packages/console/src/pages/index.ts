/**
 * The console's pages, in navigation order. A page is one file under `pages/` exporting its component; to add one,
 * write the file and add one line here.
 */
import { DatasetsPage } from './datasets.js';
import { LiteServersPage } from './lite-servers.js';
import { ModelsPage } from './models.js';
import { ObsPage } from './obs.js';
import { OverviewPage } from './overview.js';
import type { PageEntry } from './page.js';
import { ServicesPage } from './services.js';
import { TrainingJobsPage } from './training-jobs.js';

export type { PageEntry, PageProps } from './page.js';

export const pages: readonly PageEntry[] = [
  { path: 'overview', title: 'Overview', component: OverviewPage },
  { path: 'training-jobs', title: 'Training jobs', component: TrainingJobsPage },
  { path: 'obs', title: 'OBS', component: ObsPage },
  { path: 'models', title: 'Models', component: ModelsPage },
  { path: 'services', title: 'Services', component: ServicesPage },
  { path: 'datasets', title: 'Datasets', component: DatasetsPage },
  { path: 'lite-servers', title: 'Lite Servers', component: LiteServersPage },
];
