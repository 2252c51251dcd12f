/** A table with a text search and an optional filter (e.g. a phase), sorting by a column on click. */
import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';

export interface Column<T> {
  title: string;
  render: (row: T) => ComponentChildren;
  /** Sort key of the column; columns without one are not sortable. */
  sort?: (row: T) => string | number;
}

export interface Filter<T> {
  label: string;
  options: string[];
  value: (row: T) => string;
}

export function DataTable<T>(props: {
  rows: readonly T[];
  columns: Column<T>[];
  rowKey: (row: T, index: number) => string;
  /** Text the search box matches against (case-insensitive); no search box when absent. */
  searchText?: (row: T) => string;
  filter?: Filter<T>;
  empty?: ComponentChildren;
  /** Extra controls beside the search box. */
  tools?: ComponentChildren;
  label: string;
}) {
  const [search, setSearch] = useState('');
  const [filterValue, setFilterValue] = useState('');
  const [sortBy, setSortBy] = useState<{ col: number; desc: boolean } | undefined>();
  const { rows, searchText, filter, columns } = props;
  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    let r = rows.filter(
      (row) => (!needle || !searchText || searchText(row).toLowerCase().includes(needle)) && (!filterValue || !filter || filter.value(row) === filterValue),
    );
    const key = sortBy && columns[sortBy.col]?.sort;
    if (sortBy && key) {
      r = [...r].sort((a, b) => {
        const x = key(a);
        const y = key(b);
        const c = x < y ? -1 : x > y ? 1 : 0;
        return sortBy.desc ? -c : c;
      });
    }
    return r;
  }, [rows, search, filterValue, sortBy, searchText, filter, columns]);
  return (
    <div class="table-wrap">
      <div class="table-tools">
        {searchText ? (
          <input type="search" placeholder="Search" aria-label={`Search ${props.label}`} value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        ) : null}
        {filter ? (
          <select aria-label={filter.label} value={filterValue} onChange={(e) => setFilterValue(e.currentTarget.value)}>
            <option value="">All {filter.label.toLowerCase()}s</option>
            {filter.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        ) : null}
        {props.tools}
        <span class="muted count">
          {shown.length} of {rows.length}
        </span>
      </div>
      <div class="table-scroll">
        <table aria-label={props.label}>
          <thead>
            <tr>
              {columns.map((c, i) => (
                <th key={c.title} scope="col" aria-sort={sortBy?.col === i ? (sortBy.desc ? 'descending' : 'ascending') : undefined}>
                  {c.sort ? (
                    <button type="button" class="th-sort" onClick={() => setSortBy((s) => ({ col: i, desc: s?.col === i ? !s.desc : false }))}>
                      {c.title}
                      {sortBy?.col === i ? (sortBy.desc ? ' ▼' : ' ▲') : ''}
                    </button>
                  ) : (
                    c.title
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, i) => (
              <tr key={props.rowKey(row, i)}>
                {columns.map((c) => (
                  <td key={c.title}>{c.render(row)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length === 0 ? <p class="muted empty">{rows.length === 0 ? (props.empty ?? 'Nothing here yet.') : 'Nothing matches.'}</p> : null}
      </div>
    </div>
  );
}
