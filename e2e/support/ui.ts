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
 * Swipe left with a finger and report how far the page moved sideways (CSS px). A phone page
 * that slides sideways under the thumb is broken; 0 is the only right answer.
 */
export async function swipeSideways(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  const { width, height } = page.viewportSize() ?? { width: 390, height: 844 }
  const y = Math.round(height / 2)
  const x0 = Math.round(width * 0.8)
  try {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: x0, y }] })
    for (let i = 1; i <= 12; i++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x0 - i * 20, y }] })
      await page.waitForTimeout(16)
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
  } finally {
    await cdp.detach().catch(() => {})
  }
  await page.waitForTimeout(400)
  return Math.round(await page.evaluate(() => Math.max(window.scrollX, window.visualViewport?.pageLeft ?? 0)))
}
