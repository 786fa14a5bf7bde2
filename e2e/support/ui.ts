/**
 * Small helpers for driving the Taro H5 app the way a person does: find things by the Chinese
 * text on screen, tap them, wait for what should appear.
 */
import type { Locator, Page } from 'playwright-core'

/** Wait until `text` is visible somewhere on the page (exact text of one element by default). */
export async function see(page: Page, text: string | RegExp, opts: { exact?: boolean; timeout?: number } = {}): Promise<Locator> {
  const loc = page.getByText(text, { exact: typeof text === 'string' ? (opts.exact ?? true) : undefined }).first()
  await loc.waitFor({ state: 'visible', timeout: opts.timeout ?? 15_000 })
  return loc
}

/** Whether `text` is currently visible (no waiting). */
export async function isVisible(page: Page, text: string | RegExp): Promise<boolean> {
  return page.getByText(text).first().isVisible()
}

/**
 * Tap like a finger. Taro H5 buttons act on touch; a plain element with onClick acts on the click
 * the browser derives from the tap. `tap()` does both on a touch-enabled page.
 */
export async function press(target: Locator): Promise<void> {
  await target.waitFor({ state: 'visible' })
  await target.scrollIntoViewIfNeeded()
  await target.tap()
}

/** The visible text of the whole page, for asserting what is (not) shown. */
export async function screenText(page: Page): Promise<string> {
  return page.locator('body').innerText()
}

/** The app route (Taro H5 browser-mode path + query) the page is on. */
export function appPath(page: Page): string {
  const u = new URL(page.url())
  return u.pathname + u.search
}
