import type { JSX } from 'preact';
import type { Route } from '../router.js';

/** What a page gets: the whole route and the segments after its own (`/-/console/jobs/<id>` -> `rest = [<id>]`). */
export interface PageProps {
  route: Route;
  rest: string[];
}

/** One entry of the navigation: its path segment, its title, its component. */
export interface PageEntry {
  path: string;
  title: string;
  component: (props: PageProps) => JSX.Element;
}
