/**
 * Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core, as a phone: 390×844 CSS px
 * at DPR 2, touch, zh-CN. Each call gets a fresh profile in a temp dir, removed on close().
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { track } from '@bdc/shared/testing/reaper'
import { REPO_ROOT } from './stack'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'e2e/screenshots')

let shotDir = path.join(SCREENSHOT_DIR, 'misc')
let shotCounter = 0

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface Phone {
  context: BrowserContext
  page: Page
  close(): Promise<void>
}

/**
 * A fresh phone. `suite` names the screenshot folder (e2e/screenshots/<suite>/), emptied here so
 * it holds exactly this run's pictures.
 */
export interface PhoneOptions {
  /**
   * Chromium's fake camera playing this .y4m file (looped), with the permission prompt
   * auto-accepted. Without it the phone has no camera at all.
   */
  fakeVideo?: string
}

export async function launchPhone(suite = 'misc', opts: PhoneOptions = {}): Promise<Phone> {
  shotDir = path.join(SCREENSHOT_DIR, suite)
  shotCounter = 0
  fs.rmSync(shotDir, { recursive: true, force: true })
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install the Debian packages \`chromium\` and \`fonts-wqy-microhei\` (or set CHROMIUM_PATH).`)
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-chromium-'))
  // playwright ends Chromium itself on exit and signals; the profile folder is ours to remove —
  // by the reaper's watchdog once this process is gone, never synchronously in a signal handler:
  // a recursive rm racing a still-running Chromium that keeps writing into it can spin forever.
  const tracked = track({ dir: userDataDir }, () => {})
  let context: BrowserContext
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: opts.fakeVideo
        ? [...ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${opts.fakeVideo}`]
        : ARGS,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      userAgent:
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36',
      timeout: 60_000,
    })
  } catch (e) {
    fs.rmSync(userDataDir, { recursive: true, force: true })
    tracked.release()
    throw e
  }
  context.setDefaultTimeout(15_000)
  context.setDefaultNavigationTimeout(30_000)
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => {})
      fs.rmSync(userDataDir, { recursive: true, force: true })
      tracked.release()
    },
  }
}

/**
 * Screenshot to e2e/screenshots/<suite>/NN-name.png (numbered in the order taken): the whole page,
 * or with `{ fullPage: false }` just what is on the phone's screen.
 */
export async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  fs.mkdirSync(shotDir, { recursive: true })
  shotCounter++
  const file = path.join(shotDir, `${String(shotCounter).padStart(2, '0')}-${name.replace(/[^\w\u4e00-\u9fa5-]+/g, '_')}.png`)
  await page.screenshot({ path: file, fullPage: opts.fullPage ?? true })
  return file
}
