import type { Authorization } from '@modelarts-ts/contract';
import type { Db } from '../../db/sqlite.js';

/** The authorizations table: the only code that touches it. */
export class AuthorizationStore {
  constructor(private readonly db: Db) {}

  list(
    projectId: string,
    sortBy: 'user_name' | 'create_time',
    order: 'asc' | 'desc',
    offset: number,
    limit: number,
  ): { items: Authorization[]; total: number } {
    const dir = order === 'asc' ? 'ASC' : 'DESC';
    const items = this.db
      .prepare(
        `SELECT user_id, user_name, type, content, create_time FROM authorizations WHERE project_id = ? ORDER BY ${sortBy} ${dir}, user_id LIMIT ? OFFSET ?`,
      )
      .all(projectId, limit, offset) as Authorization[];
    const total = (this.db.prepare('SELECT COUNT(*) FROM authorizations WHERE project_id = ?').pluck().get(projectId) as number) ?? 0;
    return { items, total };
  }

  upsert(projectId: string, a: Authorization): void {
    this.db
      .prepare(
        `INSERT INTO authorizations (project_id, user_id, user_name, type, content, create_time) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(project_id, user_id) DO UPDATE SET user_name = excluded.user_name, type = excluded.type, content = excluded.content, create_time = excluded.create_time`,
      )
      .run(projectId, a.user_id, a.user_name, a.type, a.content, a.create_time);
  }

  /** Returns how many were removed; `all-users` removes every authorization of the project. */
  remove(projectId: string, userId: string): number {
    return userId === 'all-users'
      ? this.db.prepare('DELETE FROM authorizations WHERE project_id = ?').run(projectId).changes
      : this.db.prepare('DELETE FROM authorizations WHERE project_id = ? AND user_id = ?').run(projectId, userId).changes;
  }

  /** The bootstrap user starts authorized with the default agency, so a fresh platform works like a configured account. */
  ensureDefault(projectId: string, userId: string, userName: string): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO authorizations (project_id, user_id, user_name, type, content, create_time) VALUES (?, ?, ?, 'agency', 'modelarts_agency', ?)`,
      )
      .run(projectId, userId, userName, Date.now());
  }
}
