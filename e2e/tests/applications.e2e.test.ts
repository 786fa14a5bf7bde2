/**
 * 网上申请 in a phone-sized Chromium against the whole stack (separate BFF and simulator, real
 * PostgreSQL, real HTTP): 刘洋 starts a 抵押权注销登记 for his mortgaged flat, finds the form
 * prefilled from the registry, uploads photos (a fake "JPEG" is refused with the BFF's message),
 * closes the app and finds the draft where he left it, confirms the 申请书/承诺书, submits and gets
 * the 接件编码. The province then moves it step by step (simulator control), the timeline follows,
 * and he rates it: 不满意 without a reason is refused on the phone, with one it is accepted and
 * reaches the provincial 好差评 sink once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { launchPhone, shot, type Phone } from '../support/browser'
import { faceFixture } from '@bdc/face/testing'
import { startStack, type Stack } from '../support/stack'
import { appPath, press, screenText, see } from '../support/ui'

const PHOTO_JPEG = faceFixture('grace_hopper.jpg')
const PHOTO_PNG = faceFixture('coffee.png')
const MORTGAGED_FLAT = '涪江名苑' // 刘洋's flat in 涪城区 under 抵押 (simulator demo data)
const OTHER_FLAT = '芙蓉汉城' // his second flat: 预告 + 异议, no 抵押

let stack: Stack
let phone: Phone
let page: Page
let receiptNo = ''

/** One stack and one phone per describe (they run one after the other). */
function useStack(name: string, bffEnv: Record<string, string> = {}) {
  beforeAll(async () => {
    // Progress moves only when the test drives it.
    stack = await startStack({ name, bffEnv, simEnv: { SIM_INTAKE_STEP_MS: '0', SIM_INTAKE_TICK_MS: '200' } })
    phone = await launchPhone(name)
    page = phone.page
    page.on('pageerror', (e) => console.log('[pageerror]', e.message))
  })
  afterAll(async () => {
    await phone?.close()
    await stack?.stop()
  })
}

/** Elements by test id on the page being shown (Taro H5 keeps earlier pages of the stack, hidden, in the DOM). */
function vis(testId: string): Locator {
  return page.locator(`[data-testid="${testId}"]:visible`)
}

function tile(title: string): Locator {
  return page.locator('.home__tile').filter({ hasText: title })
}

/**
 * Picks a photo like a person: 添加照片 → 从相册选择 in the sheet Taro shows on phones → the file
 * chooser (Taro.chooseImage opens an <input type=file> on H5).
 */
async function choosePhoto(trigger: Locator, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const chooser = page.waitForEvent('filechooser')
  await press(trigger)
  await press(page.locator('.taro__actionSheet').getByText('从相册选择', { exact: true }))
  await (await chooser).setFiles(file)
}

async function simControl(pathname: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${stack.simUrl}${pathname}`, {
    method: 'POST',
    headers: { authorization: stack.simAuthorization, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${pathname}: HTTP ${res.status} ${await res.text()}`)
  return (await res.json()) as Record<string, unknown>
}

/**
 * Screenshot once the page has settled: Taro H5 slides pages in from the side and fades modals in;
 * a page wider than the phone (horizontal overflow) never settles, which fails the test.
 */
async function snap(name: string): Promise<void> {
  await page.waitForTimeout(100)
  const settled = await page
    .waitForFunction(
      () =>
        // no page slide or modal fade under way (endless ones, like a loading skeleton, do not count)
        !document.getAnimations().some((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity) &&
        document.documentElement.scrollWidth <= window.innerWidth + 1 &&
        // nothing on the page shown sticks out sideways (an inner scroller would hide it from the check above)
        Array.from(document.querySelectorAll('.taro_page *')).every((el) => el.getBoundingClientRect().right <= window.innerWidth + 1),
      undefined,
      { timeout: 5_000 },
    )
    .then(
      () => true,
      () => false,
    )
  if (!settled) {
    const wide = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.taro_page *'))
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')} (right ${Math.round(el.getBoundingClientRect().right)}px)`),
    )
    await shot(page, `${name}-overflow`)
    throw new Error(`${name}: the page sticks out sideways on a ${page.viewportSize()?.width}px phone: ${wide.join(', ')}`)
  }
  await shot(page, name)
}

/** A real 24-bit BMP (the browser shows it; the BFF takes only JPEG, PNG and WebP). */
function bmp(width: number, height: number): Buffer {
  const row = Math.ceil((width * 3) / 4) * 4
  const buf = Buffer.alloc(54 + row * height, 0x80)
  buf.write('BM', 0, 'ascii')
  buf.writeUInt32LE(buf.length, 2)
  buf.writeUInt32LE(54, 10)
  buf.writeUInt32LE(40, 14)
  buf.writeInt32LE(width, 18)
  buf.writeInt32LE(height, 22)
  buf.writeUInt16LE(1, 26)
  buf.writeUInt16LE(24, 28)
  buf.writeUInt32LE(0, 30)
  buf.writeUInt32LE(row * height, 34)
  buf.fill(0, 38, 54)
  return buf
}

function material(code: string): Locator {
  return vis(`material-${code}`)
}

describe('applications: apply online with photos, follow the progress, rate the service', () => {
  useStack('applications')

  it('the home tile leads through login to 我的办件, empty at first', async () => {
    await page.goto(`${stack.bffUrl}/`)
    await see(page, '便民服务')
    expect(await tile('网上申请').innerText()).not.toContain('即将上线')
    await press(tile('网上申请'))
    await page.waitForURL((u) => u.pathname.startsWith('/pages/login') || u.pathname.startsWith('/sso/authorize'))
    if (new URL(page.url()).pathname.startsWith('/pages/login')) await press(page.getByText('天府通办账号登录'))
    await page.waitForURL((u) => u.origin === stack.simUrl && u.pathname === '/sso/authorize')
    await press(page.getByRole('button', { name: /刘\*/ }))
    await page.waitForURL((u) => u.origin === stack.bffUrl && u.pathname.startsWith('/pages/applications'))
    await see(page, '您还没有网上申请的办件')
    await snap('empty-list')
  })

  it('抵押权注销 only for a mortgaged flat; the form comes prefilled from the registry', async () => {
    await press(vis('new-application'))
    await see(page, '请选择要申请的事项')
    await snap('types')
    await press(vis('type-mortgage_release'))
    await see(page, '办理「抵押权注销登记」的不动产（本人名下）')
    const other = vis('pick-unit').filter({ hasText: OTHER_FLAT })
    await other.waitFor()
    expect(await other.innerText()).toContain('该不动产没有抵押，无需注销')
    await snap('units')
    await press(vis('pick-unit').filter({ hasText: MORTGAGED_FLAT }))

    await page.waitForURL((u) => u.pathname === '/pages/applications/edit')
    await see(page, '登记簿信息（自动带出，不可修改）')
    expect(await vis('registry-location').innerText()).toContain(MORTGAGED_FLAT)
    expect(await vis('registry-unitCode').innerText()).toMatch(/\d{12}[GJZ][A-Z]\d{5}[FLQW][0-9A-Z]{8}/)
    expect((await vis('registry-mortgagee').innerText()).replace('抵押权人', '').trim()).not.toMatch(/^—?$/)
    expect((await vis('registry-mortgageCertNo').innerText()).replace('不动产登记证明号（抵押）', '').trim()).not.toMatch(/^—?$/)
    // The applicant is masked like everywhere else.
    const text = await screenText(page)
    expect(text).not.toContain('刘洋')
    expect(text).toMatch(/刘\*+ \d{6}\*+\d{3}[\dX]/)
    expect(appPath(page)).toMatch(/^\/pages\/applications\/edit\?id=[0-9a-f-]{36}$/)
    await snap('form-prefilled')
  })

  it('refuses to go on with empty or malformed fields, in Chinese; saves the draft as it is typed', async () => {
    await press(vis('next-step'))
    await see(page, '请先完善标红的项目')
    expect(await vis('field-releaseReason').innerText()).toContain('请选择注销原因')
    expect(await vis('field-contactPhone').innerText()).toContain('请填写联系电话')
    await snap('form-errors')

    await vis('field-contactPhone').locator('input').fill('1380013')
    await press(vis('field-releaseReason').getByText('主债权消灭', { exact: true }))
    await see(page, '已保存')
    await press(vis('next-step'))
    expect(await vis('field-contactPhone').innerText()).toContain('请填写 11 位手机号码')
    await vis('field-contactPhone').locator('input').fill('13800138000')
    await vis('field-contactPhone').locator('input').blur()
    await page.waitForFunction(() => document.querySelector('[data-testid="save-state"]')?.textContent?.includes('已保存'))
    await snap('form-saved')
    await press(vis('next-step'))
    await see(page, '申请人身份证', { exact: false })
    expect(await material('id_card').innerText()).toContain('0/2 张')
  })

  it('uploads a photo with its thumbnail; a BMP dressed as a JPEG gets the BFF’s own message', async () => {
    await choosePhoto(vis('add-photo-id_card'), { name: 'scan.jpg', mimeType: 'image/jpeg', buffer: bmp(400, 300) })
    await material('id_card').getByTestId('material-error').waitFor()
    expect(await material('id_card').getByTestId('material-error').innerText()).toBe('只支持 JPEG、PNG、WebP 格式的照片')
    expect(await material('id_card').getByTestId('thumb').count()).toBe(0)
    await snap('upload-refused')

    await choosePhoto(vis('add-photo-id_card'), PHOTO_JPEG)
    await material('id_card').getByTestId('thumb').first().waitFor()
    expect(await material('id_card').getByTestId('material-error').count()).toBe(0)
    expect(await material('id_card').innerText()).toContain('1/2 张')
    // The thumbnail really loads (served by the BFF to the owner's session).
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid="material-id_card"] [data-testid="thumb"] img') as HTMLImageElement | null
      return !!img && img.complete && img.naturalWidth > 0
    })
    await snap('uploaded')

    // Not ready yet: the other materials are still missing.
    await press(vis('next-step'))
    await see(page, /请上传：.*不动产登记证明（抵押）/)
  })

  it('closing the app keeps the draft: reopening continues at the materials with the photo', async () => {
    await page.goto('about:blank')
    await page.goto(`${stack.bffUrl}/`)
    await see(page, '便民服务')
    await press(tile('网上申请'))
    const card = page.locator('[data-testid="application-card"]:visible').first()
    await card.waitFor()
    expect(await card.innerText()).toContain('草稿')
    expect(await card.innerText()).toContain('抵押权注销登记')
    await see(page, '草稿（未提交）')
    await snap('list-with-draft')
    await press(card)
    await material('id_card').getByTestId('thumb').first().waitFor()
    expect(await material('id_card').innerText()).toContain('1/2 张')
    await snap('draft-resumed')

    // 上一步 shows the saved form.
    await press(vis('back-step'))
    expect(await vis('field-contactPhone').locator('input').inputValue()).toBe('13800138000')
    expect(await vis('field-releaseReason').locator('.apl-chip--on').innerText()).toBe('主债权消灭')
    await press(vis('next-step'))
    await material('id_card').getByTestId('thumb').first().waitFor()
  })

  it('adds the other materials, deletes a spare photo, and reaches the confirmation', async () => {
    await choosePhoto(vis('add-photo-id_card'), PHOTO_PNG)
    await material('id_card').getByTestId('thumb').nth(1).waitFor()
    expect(await material('id_card').getByTestId('add-photo-id_card').count()).toBe(0) // 2 of 2
    await press(material('id_card').getByTestId('delete-photo').nth(1))
    await see(page, '确定删除这张照片吗？')
    await press(page.getByText('删除', { exact: true }).last())
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="material-id_card"] [data-testid="thumb"]').length === 1)

    await choosePhoto(vis('add-photo-mortgage_cert'), PHOTO_PNG)
    await material('mortgage_cert').getByTestId('thumb').first().waitFor()
    await choosePhoto(vis('add-photo-release_proof'), PHOTO_JPEG)
    await material('release_proof').getByTestId('thumb').first().waitFor()
    await snap('materials-complete')

    await press(vis('next-step'))
    await see(page, '不动产登记申请书')
    await see(page, '承诺书')
    await snap('confirm')
  })

  it('submit needs both statements confirmed; then the 接件编码 is shown', async () => {
    await press(vis('submit-application'))
    expect(await vis('submit-error').innerText()).toContain('请阅读并确认申请书')
    await press(vis('confirm-declaration'))
    await press(vis('submit-application'))
    expect(await vis('submit-error').innerText()).toContain('请阅读并确认承诺书')
    await press(vis('confirm-commitment'))
    await snap('confirm-checked')
    await press(vis('submit-application'))

    await page.waitForURL((u) => u.pathname === '/pages/applications/detail')
    await see(page, /申请已提交/)
    await vis('receipt-no').filter({ hasText: /^\d{20}$/ }).waitFor()
    receiptNo = (await vis('receipt-no').innerText()).trim()
    await snap('submitted')
    expect(await vis('application-head').getByTestId('status').innerText()).toBe('已提交')
    // The citizen's step at once; the province's 已提交 arrives by its signed callback.
    await vis('timeline-step').filter({ hasText: '提交申请' }).first().waitFor()
    await page.locator('[data-testid="timeline-step"][data-status="submitted"][data-state="current"]:visible').waitFor()
    expect(await page.locator('[data-testid="timeline-step"][data-state="todo"]').allInnerTexts()).toEqual([
      expect.stringContaining('已受理'),
      expect.stringContaining('审核中'),
      expect.stringContaining('已登簿'),
      expect.stringContaining('已办结'),
    ])
    expect(await vis('rating-form').count()).toBe(0) // not before 已办结
  })

  it('the timeline follows the province: 已受理 → 审核中 → 已登簿 → 已办结', async () => {
    for (const [to, label] of [
      ['accepted', '已受理'],
      ['reviewing', '审核中'],
      ['registered', '已登簿'],
      ['completed', '已办结'],
    ] as const) {
      await simControl('/__sim/intake/advance', { receiptNo, to })
      // The page polls while the application moves; 刷新 asks at once.
      await press(vis('refresh'))
      await page.locator(`[data-testid="timeline-step"][data-status="${to}"]:not([data-state="todo"])`).waitFor()
      expect(await vis('application-head').getByTestId('status').innerText()).toBe(label)
      const times = await page.locator(`[data-testid="timeline-step"]:not([data-state="todo"]) .apl-tl__time`).allInnerTexts()
      expect(times.every((t) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(t))).toBe(true)
      await snap(`progress-${to}`)
    }
    expect(await page.locator('[data-testid="timeline-step"][data-state="todo"]').count()).toBe(0)
  })

  it('好差评: 不满意 without a reason is refused on the phone; with one it is accepted, once', async () => {
    await vis('rating-form').waitFor()
    await press(vis('level-2'))
    await see(page, '不满意的原因', { exact: false })
    await press(vis('rating-tag').filter({ hasText: '办理时间长' }))
    await press(vis('submit-rating'))
    expect(await vis('rating-error').innerText()).toBe('选择“不满意”或“非常不满意”时请填写原因')
    await snap('rating-refused')

    await vis('rating-reason').locator('textarea').fill('审核等了比较久，希望能短信通知进度')
    await press(vis('submit-rating'))
    await vis('rating-view').waitFor()
    expect(await vis('rated-level').innerText()).toBe('不满意')
    expect(await vis('rating-view').innerText()).toContain('原因：审核等了比较久，希望能短信通知进度')
    expect(await vis('rating-form').count()).toBe(0)
    await snap('rated')

    // Reopened later: still rated, no second form.
    await page.reload()
    await vis('rating-view').waitFor()
    expect(await vis('rating-form').count()).toBe(0)
    expect(await vis('rating-view').innerText()).toContain('办理时间长')

    // It reached the provincial 好差评 sink exactly once, with the reason.
    let ratings: { level: number }[] = []
    for (let i = 0; i < 50 && ratings.length === 0; i++) {
      const res = await fetch(`${stack.simUrl}/__sim/ratings?serviceNo=${encodeURIComponent(receiptNo)}`, { headers: { authorization: stack.simAuthorization } })
      ratings = ((await res.json()) as { ratings: { level: number }[] }).ratings
      if (!ratings.length) await new Promise((r) => setTimeout(r, 200))
    }
    expect(ratings).toHaveLength(1)
    expect(ratings[0]!.level).toBe(2)
  })

  it('province down: a 换证补证 is accepted as 待推送, gets its 接件编码 when the province is back; 补正 shows what to fix', async () => {
    await press(vis('to-list'))
    await press(vis('new-application'))
    await press(vis('type-certificate_replace'))
    await press(vis('pick-unit').filter({ hasText: OTHER_FLAT }))
    await page.waitForURL((u) => u.pathname === '/pages/applications/edit')
    expect(await vis('registry-location').innerText()).toContain(OTHER_FLAT)
    await press(vis('field-replaceKind').getByText('补证（证书遗失、灭失）', { exact: true }))
    await vis('field-reason').locator('textarea').fill('证书搬家时遗失，已登报声明作废')
    await vis('field-contactPhone').locator('input').fill('13900139000')
    await vis('field-contactPhone').locator('input').blur()
    await page.waitForFunction(() => document.querySelector('[data-testid="save-state"]:not([hidden])')?.textContent?.includes('已保存'))
    await snap('replace-form')
    await press(vis('next-step'))
    await choosePhoto(vis('add-photo-id_card'), PHOTO_JPEG)
    await material('id_card').getByTestId('thumb').first().waitFor()
    await choosePhoto(vis('add-photo-certificate_or_statement'), PHOTO_PNG)
    await material('certificate_or_statement').getByTestId('thumb').first().waitFor()
    await press(vis('next-step'))
    await press(vis('confirm-declaration'))
    await press(vis('confirm-commitment'))

    await stack.stopSimulator()
    try {
      await press(vis('submit-application'))
      await page.waitForURL((u) => u.pathname === '/pages/applications/detail')
      await vis('receipt-no').filter({ hasText: '待推送，网络恢复后自动提交' }).waitFor()
      expect(await vis('application-head').getByTestId('status').innerText()).toBe('待推送')
      await snap('pending-push')
    } finally {
      await stack.startSimulator()
    }
    // The outbox delivers it once the province answers again; the page polls and shows the code.
    await vis('receipt-no').filter({ hasText: /^\d{20}$/ }).waitFor({ timeout: 45_000 })
    const code = (await vis('receipt-no').innerText()).trim()
    expect(code).not.toBe(receiptNo)
    await snap('pushed-after-outage')

    await simControl('/__sim/intake/advance', { receiptNo: code, to: 'accepted' })
    await simControl('/__sim/intake/advance', { receiptNo: code, to: 'correction_required', note: '遗失声明未附登报原件照片，请补充' })
    await press(vis('refresh'))
    await vis('status-note').waitFor()
    expect(await vis('status-note').innerText()).toContain('遗失声明未附登报原件照片，请补充')
    expect(await vis('application-head').getByTestId('status').innerText()).toBe('补正')
    const fix = page.locator('[data-testid="timeline-step"][data-status="correction_required"]:visible')
    expect(await fix.getAttribute('data-state')).toBe('warn')
    expect(await fix.innerText()).toContain('需补正：遗失声明未附登报原件照片，请补充')
    expect(await vis('rating-form').count()).toBe(0)
    await snap('correction-required')

    // Exactly one intake record upstream for it, whatever the retries.
    const id = new URL(page.url()).searchParams.get('id')
    const { records } = (await simControl('/__sim/intake/lookup', { clientRef: id })) as { records: { receiptNo: string }[] }
    expect(records.map((r) => r.receiptNo)).toEqual([code])
  })

  it('我的办件 shows both with their codes and states; elder mode enlarges the pages', async () => {
    await press(vis('to-list'))
    const card = page.locator('[data-testid="application-card"]:visible').filter({ hasText: receiptNo })
    await card.waitFor()
    expect(await card.innerText()).toContain('已办结')
    expect(await page.locator('[data-testid="application-card"]:visible').filter({ hasText: '补正' }).count()).toBe(1)
    await snap('list-completed')

    await page.goto(`${stack.bffUrl}/`)
    await press(vis('elder-toggle'))
    await see(page, '关闭长辈模式')
    await press(tile('网上申请'))
    await page.locator('[data-testid="application-card"]:visible').first().waitFor()
    const size = await page.locator('.apl-card__type').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
    expect(size).toBeGreaterThanOrEqual(22)
    await snap('elder-list')
    await press(page.locator('[data-testid="application-card"]:visible').filter({ hasText: receiptNo }))
    await vis('rating-view').waitFor()
    await snap('elder-detail')
    await press(vis('to-list'))
    await press(vis('new-application'))
    await see(page, '请选择要申请的事项')
    await snap('elder-types')

    // The registry is unreachable: a clear message, 重试 and 上一步, no dead end.
    await stack.setFault('down')
    try {
      await press(vis('type-correction'))
      await vis('error-state').waitFor()
      expect(await vis('error-state').innerText()).toContain('重试')
      expect(await vis('back-step').innerText()).toBe('上一步')
      await snap('elder-units-error')
    } finally {
      await stack.setFault('ok')
    }
    await press(vis('error-state').getByText('重试', { exact: true }))
    await vis('pick-unit').first().waitFor()
    expect(await vis('pick-unit').count()).toBe(2)
    await snap('elder-units-retried')
  })
})

describe('applications: submitting needs the face check when REQUIRE_FACE_STEP_UP is on', () => {
  useStack('applications-face', { REQUIRE_FACE_STEP_UP: 'true' })

  it('submit opens the face check; giving up there leaves a draft and says so', async () => {
    await page.goto(`${stack.bffUrl}/api/auth/login?returnTo=${encodeURIComponent('/pages/applications/new')}`)
    await page.waitForURL((u) => u.pathname.startsWith('/pages/login') || u.pathname.startsWith('/sso/authorize'))
    if (new URL(page.url()).pathname.startsWith('/pages/login')) await press(page.getByText('天府通办账号登录'))
    await page.waitForURL((u) => u.origin === stack.simUrl && u.pathname === '/sso/authorize')
    await press(page.getByRole('button', { name: /刘\*/ }))
    await page.waitForURL((u) => u.origin === stack.bffUrl && u.pathname === '/pages/applications/new')

    await press(vis('type-mortgage_release'))
    await press(vis('pick-unit').filter({ hasText: MORTGAGED_FLAT }))
    await page.waitForURL((u) => u.pathname === '/pages/applications/edit')
    await press(vis('field-releaseReason').getByText('主债权消灭', { exact: true }))
    await vis('field-contactPhone').locator('input').fill('13800138000')
    await press(vis('next-step'))
    for (const code of ['id_card', 'mortgage_cert', 'release_proof']) {
      await choosePhoto(vis(`add-photo-${code}`), PHOTO_JPEG)
      await material(code).getByTestId('thumb').first().waitFor()
    }
    await press(vis('next-step'))
    await press(vis('confirm-declaration'))
    await press(vis('confirm-commitment'))
    await press(vis('submit-application'))

    // The BFF answers FACE_CHECK_REQUIRED: the app opens the face check.
    await page.waitForURL((u) => u.pathname === '/pages/face/index', { timeout: 20_000 })
    await vis('face-consent').waitFor()
    await snap('face-check')
    await press(vis('face-cancel'))

    await page.waitForURL((u) => u.pathname === '/pages/applications/edit')
    expect(await vis('submit-error').innerText()).toContain('未完成人脸识别验证，申请尚未提交。草稿已保存，可稍后再提交。')
    await snap('face-cancelled')
    await press(vis('to-list'))
    const card = page.locator('[data-testid="application-card"]:visible').first()
    await card.waitFor()
    expect(await card.innerText()).toContain('草稿')

    // A draft can be thrown away (after a confirmation), photos and all.
    await press(card)
    await vis('discard').waitFor()
    await press(vis('discard'))
    await see(page, '删除后已填写的内容和照片都将清除，确定删除吗？')
    await snap('discard-confirm')
    await press(page.getByText('删除', { exact: true }).last())
    await see(page, '您还没有网上申请的办件')
  })
})
