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
  // Text found inside a Taro/NutUI button lives in a child the button covers: tap the button.
  const button = target.locator('xpath=ancestor-or-self::*[self::taro-button-core or self::button][1]')
  const hit = (await button.count()) > 0 ? button.first() : target
  await hit.scrollIntoViewIfNeeded()
  await hit.tap()
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

/**
 * How far (CSS px) the page can be panned sideways on the phone. Mobile Chrome widens the layout
 * viewport when content ever overflows (a page sliding in, say), and it stays wide: the user can
 * then drag the page left into blank space. 0 is the only right answer.
 */
export async function sidewaysOverflow(page: Page): Promise<number> {
  const measure = () =>
    page.evaluate(() => {
      const seen = window.visualViewport?.width ?? document.documentElement.clientWidth
      return Math.max(document.documentElement.scrollWidth, window.innerWidth) - Math.round(seen)
    })
  // Page transitions take a few hundred ms: judge the page once it has settled.
  let last = await measure()
  for (let i = 0; i < 10; i++) {
    await page.waitForTimeout(300)
    const now = await measure()
    if (now === last) return now
    last = now
  }
  return last
}
