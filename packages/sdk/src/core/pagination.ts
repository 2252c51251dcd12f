/**
 * A list call's result: `await` it for the first page, `for await` it for every item across pages,
 * or walk `pages()`. Pages are fetched lazily, one at a time.
 */
export class PagePromise<Page, Item, Params> implements PromiseLike<Page>, AsyncIterable<Item> {
  private first: Promise<Page> | undefined;

  constructor(
    private readonly fetchPage: (params: Params) => Promise<Page>,
    private readonly params: Params,
    private readonly itemsOf: (page: Page) => readonly Item[],
    /** Parameters of the page after `page`, or undefined when `page` is the last. */
    private readonly nextParams: (page: Page, params: Params) => Params | undefined,
  ) {}

  // biome-ignore lint/suspicious/noThenProperty: a PagePromise is awaitable on purpose
  then<R1 = Page, R2 = never>(
    onfulfilled?: ((v: Page) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((e: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    this.first ??= this.fetchPage(this.params);
    return this.first.then(onfulfilled, onrejected);
  }

  async *pages(): AsyncGenerator<Page> {
    let params: Params | undefined = this.params;
    let page: Page = await this;
    for (;;) {
      yield page;
      params = this.nextParams(page, params as Params);
      if (!params) return;
      page = await this.fetchPage(params);
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Item> {
    for await (const page of this.pages()) yield* this.itemsOf(page);
  }

  /** Every item of every page, in one array. */
  async all(): Promise<Item[]> {
    const out: Item[] = [];
    for await (const item of this) out.push(item);
    return out;
  }
}
