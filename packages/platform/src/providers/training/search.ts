import { TRAINING_PHASES, type TrainingEventsQuery, type TrainingJobSearchBody } from '@modelarts-ts/contract';
import { PlatformError } from '../../errors.js';
import type { SqlQuery } from './store.js';

export const DEFAULT_SEARCH_LIMIT = 10;
export const DEFAULT_EVENTS_LIMIT = 50;

/** Sortable fields and their columns (`id` breaks ties, so pages never skip or repeat a job). */
const SORT_COLUMNS: Record<string, string> = { create_time: 'create_time', name: 'name', phase: 'phase' };

/** Which operators each filter key takes, as in the cloud's search examples (`like`, `in`, `not`, `between`). */
const FILTER_OPERATORS: Record<string, readonly string[]> = {
  name: ['like', 'in', 'not'],
  phase: ['in', 'not'],
  kind: ['in', 'not'],
  create_time: ['between'],
};

/** `%` and `_` match themselves in a `like` filter. */
function likePattern(v: string): string {
  return `%${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The search body as SQL over checked columns and bound values; every rejection uses the cloud's code. */
/**
 * `offset` counts records, as the manual's `get_job_list` says ("1 starts from the second one"); the cloud's REST
 * API documents it as a page index. docs/api-map.md says which lists count pages and which records.
 */
export function searchQuery(body: TrainingJobSearchBody): SqlQuery & { sortBy: string; order: 'asc' | 'desc'; limit: number } {
  const sortBy = body.sort_by ?? 'create_time';
  const column = SORT_COLUMNS[sortBy];
  if (!column) throw new PlatformError('ModelArts.2790', `Cannot sort by "${sortBy}": use one of ${Object.keys(SORT_COLUMNS).join(', ')}`);
  const order = body.order ?? 'desc';
  const limit = body.limit ?? DEFAULT_SEARCH_LIMIT;
  const offset = body.offset ?? 0;
  const where: string[] = [];
  const args: unknown[] = [];
  if (body.workspace_id !== undefined) {
    where.push('workspace_id = ?');
    args.push(body.workspace_id);
  }
  for (const f of body.filters ?? []) {
    const ops = FILTER_OPERATORS[f.key];
    if (!ops) throw new PlatformError('ModelArts.2807', `Cannot filter on "${f.key}": use one of ${Object.keys(FILTER_OPERATORS).join(', ')}`);
    if (!ops.includes(f.operator))
      throw new PlatformError('ModelArts.2808', `The filter on "${f.key}" takes the operators ${ops.join(', ')}, not "${f.operator}"`);
    if (f.value.length === 0) throw new PlatformError('ModelArts.2789', `The filter on "${f.key}" has no value`);
    if (f.key === 'phase') {
      const bad = f.value.find((v) => !(TRAINING_PHASES as readonly string[]).includes(v));
      if (bad !== undefined) throw new PlatformError('ModelArts.2809', `"${bad}" is not a phase: use one of ${TRAINING_PHASES.join(', ')}`);
    }
    const col = f.key;
    switch (f.operator) {
      case 'like':
        where.push(`(${f.value.map(() => `${col} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
        args.push(...f.value.map(likePattern));
        break;
      case 'in':
      case 'not':
        where.push(`${col} ${f.operator === 'not' ? 'NOT IN' : 'IN'} (${f.value.map(() => '?').join(', ')})`);
        args.push(...f.value);
        break;
      case 'between': {
        const [from, to] = f.value.map(Number);
        if (f.value.length !== 2 || !Number.isInteger(from) || !Number.isInteger(to)) {
          throw new PlatformError('ModelArts.2809', `The filter on "${f.key}" takes two times in epoch milliseconds, not ${JSON.stringify(f.value)}`);
        }
        where.push(`${col} BETWEEN ? AND ?`);
        args.push(from, to);
        break;
      }
    }
  }
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  return { where, args, orderBy: `${column} ${dir}, id ${dir}`, limit, offset, sortBy, order };
}

/** The events query as SQL; `offset` counts events. */
export function eventsQuery(q: TrainingEventsQuery): SqlQuery & { order: 'asc' | 'desc' } {
  const where: string[] = [];
  const args: unknown[] = [];
  if ((q.start_time === undefined) !== (q.end_time === undefined)) throw new PlatformError('ModelArts.2788', 'start_time and end_time go together');
  if (q.start_time !== undefined && q.end_time !== undefined) {
    where.push('time BETWEEN ? AND ?');
    args.push(q.start_time, q.end_time);
  }
  if (q.level) {
    where.push('level = ?');
    args.push(q.level);
  }
  if (q.source) {
    where.push('source = ?');
    args.push(q.source);
  }
  if (q.pattern) {
    where.push(`message LIKE ? ESCAPE '\\'`);
    args.push(likePattern(q.pattern));
  }
  const order = q.order ?? 'asc';
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  return { where, args, orderBy: `seq ${dir}`, limit: q.limit ?? DEFAULT_EVENTS_LIMIT, offset: q.offset ?? 0, order };
}
