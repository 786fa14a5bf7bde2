import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { FACE_OUTCOME_EVENT } from '../../face/sensitive'
import { livenessApi } from '../../api/liveness'
import { ApiError } from '../../api/errors'
import FacePage from './index'

function outcomes() {
  const seen: string[] = []
  Taro.eventCenter.on(FACE_OUTCOME_EVENT, (o: unknown) => seen.push(String(o)))
  return seen
}

afterEach(() => {
  cleanup()
  Taro.eventCenter.off(FACE_OUTCOME_EVENT)
  vi.mocked(Taro.navigateBack).mockClear()
  vi.restoreAllMocks()
})

describe('face page (H5, jsdom)', () => {
  it('opens on the consent screen: what is checked, that nothing is kept, 开始 / 取消', () => {
    render(<FacePage />)
    const consent = screen.getByTestId('face-consent').textContent ?? ''
    expect(consent).toContain('与公安身份登记照片比对')
    expect(consent).toContain('不保存任何照片或视频')
    expect(screen.getByText('开始')).toBeTruthy()
    expect(screen.getByText('取消')).toBeTruthy()
  })

  it('取消 reports "cancelled" once and goes back to the operation', () => {
    const seen = outcomes()
    const { unmount } = render(<FacePage />)
    fireEvent.click(screen.getByTestId('face-cancel'))
    unmount()
    expect(seen).toEqual(['cancelled'])
    expect(Taro.navigateBack).toHaveBeenCalledTimes(1)
  })

  it('a browser without camera support gets a clear message with what to do, not a blank page', async () => {
    render(<FacePage />)
    fireEvent.click(screen.getByTestId('face-start'))
    await waitFor(() => expect(screen.getByTestId('face-result')).toBeTruthy())
    expect(screen.getByTestId('face-result-title').textContent).toBe('当前浏览器不支持摄像头')
    expect(screen.getByTestId('face-reason').textContent).toContain('小程序')
    expect(screen.getByText('重试')).toBeTruthy()
  })

  it('a company account is told that its 法定代表人 must take the check, by masked name', async () => {
    vi.spyOn(livenessApi, 'holder').mockResolvedValue({ role: 'legal_representative', name: '王**', prompt: '请法定代表人 王** 本人完成人脸识别' })
    render(<FacePage />)
    await waitFor(() => expect(screen.getByTestId('face-holder').textContent).toBe('请法定代表人 王** 本人完成人脸识别'))
    expect(screen.getByTestId('face-consent').textContent).toContain('法定代表人本人操作')
  })

  it('a company without a registered 法定代表人 learns it before the camera opens, with where to go', async () => {
    vi.spyOn(livenessApi, 'holder').mockRejectedValue(new ApiError(422, { code: 'LIVENESS_NO_LEGAL_REPRESENTATIVE', message: 'x' }))
    render(<FacePage />)
    await waitFor(() => expect(screen.getByTestId('face-reason').textContent).toContain('法定代表人'))
    expect(screen.getByTestId('face-reason').textContent).toContain('窗口')
  })
})
