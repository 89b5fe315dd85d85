// Several people on one browser host, each in their own Chromium context signed in with their one-time
// link (the session cookie lives in it), and the review screen as they see it. For the e2e tests where
// who does what matters (four eyes on postings, reversals).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The review screen, found by role and accessible name as assistive technology finds it. */
export class ReviewScreen {
  constructor(readonly page: Page) {}
  queue = () => this.page.getByRole('table', { name: 'Review queue' });
  tab = (name: RegExp) => this.page.getByRole('tablist', { name: 'Queue state' }).getByRole('tab', { name });
  secondApprovalTab = () => this.tab(/^Second approval/);
  open = (id: number) => this.queue().getByRole('button', { name: `Open transaction ${id}` });
  row = (id: number) =>
    this.queue()
      .getByRole('row')
      .filter({ has: this.page.getByRole('button', { name: `Open transaction ${id}` }) });
  detail = (id: number) => this.page.getByRole('complementary', { name: `Transaction ${id}` });
  section = (id: number, name: string) => this.detail(id).getByRole('region', { name });
  button = (id: number, name: string | RegExp) => this.detail(id).getByRole('button', { name });
}

/** What the API answered one person: the HTTP status, the data, and the error when it refused. */
export interface Answer<T> {
  status: number;
  data: T;
  error?: { code: string; message: string };
}

export class People {
  private readonly contexts = new Map<string, { context: BrowserContext; base: string }>();
  /** Uncaught errors of any person's page, as `who: message`. */
  readonly errors: string[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly viewport: { width: number; height: number },
  ) {}

  /** Trades the person's one-time link for a session in a browser context of their own. */
  async signIn(who: string, link: string): Promise<void> {
    const context = await this.browser.newContext({ viewport: this.viewport });
    expect((await context.request.get(link)).ok()).toBe(true);
    this.contexts.set(who, { context, base: link });
  }

  async signOut(who: string): Promise<void> {
    await this.contexts.get(who)?.context.close();
    this.contexts.delete(who);
  }

  names(): string[] {
    return [...this.contexts.keys()];
  }

  /** `POST /api/<channel>` as that person, with their session cookie. */
  async call<T>(who: string, channel: string, body: unknown): Promise<Answer<T>> {
    const { context, base } = this.signedIn(who);
    const post = () =>
      context.request.post(new URL(`/api/${channel}`, base).href, {
        headers: { 'Content-Type': 'application/json' },
        data: body,
      });
    // A kept-alive socket the host closed as idle (after its 5 s) just as this request went out on it: the host
    // never read the request, so it is sent once more on a new socket, as Chromium itself does for a page.
    const res = await post().catch((e: unknown) => {
      if (e instanceof Error && /ECONNRESET/.test(e.message)) return post();
      throw e;
    });
    const json = (await res.json()) as { data: T; error?: { code: string; message: string } };
    return { status: res.status(), data: json.data, ...(json.error ? { error: json.error } : {}) };
  }

  /** A new page of that person's, on the review screen once its queue shows. */
  async open(who: string): Promise<ReviewScreen> {
    const screen = await this.openPage(who);
    await expect.poll(() => screen.queue().isVisible(), { timeout: 20_000 }).toBe(true);
    return screen;
  }

  /**
   * A new page of that person's at the app's start, whatever it shows first (an admin of a new data folder
   * gets the first-run screen, which may replace the queue before it has shown).
   */
  async openPage(who: string): Promise<ReviewScreen> {
    const { context, base } = this.signedIn(who);
    const page = await context.newPage();
    page.on('pageerror', (e) => this.errors.push(`${who}: ${e.message}`));
    await page.goto(new URL('/', base).href);
    return new ReviewScreen(page);
  }

  private signedIn(who: string): { context: BrowserContext; base: string } {
    const found = this.contexts.get(who);
    if (!found) throw new Error(`${who} has not signed in on this browser host (signIn first)`);
    return found;
  }
}
