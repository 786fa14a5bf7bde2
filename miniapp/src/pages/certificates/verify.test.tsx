import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { Verification } from '@bdc/shared/certificates/api'
import { certificatesApi } from '../../api/certificates'
import VerifyPage from './verify'

const CODE = 'https://bdc.example/v/1C/11100000MB03271699001.510700.000000123.001.X/gv2/sig'
const cancelled: Verification = {
  status: 'cancelled',
  title: '已注销',
  hint: '该证照已注销，不再具有效力',
  codeKind: 'printed',
  checkedAt: '2026-11-27T01:00:00.000Z',
  cancelledAt: '2026-11-20T02:30:00.000Z',
  contact: { office: '绵阳市不动产登记中心', phone: '0816-2253066' },
}

/** A camera that refuses with the browser's error `name` (NotAllowedError: the user said no). */
function cameraRefuses(name: string) {
  const getUserMedia = vi.fn(() => Promise.reject(Object.assign(new Error('x'), { name })))
  Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true })
  return getUserMedia
}

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
  Object.defineProperty(navigator, 'mediaDevices', { value: undefined, configurable: true })
  process.env.TARO_ENV = 'h5'
})

describe('证照核验 page', () => {
  it('H5: 扫码核验 asks for the camera; a refusal is explained (nothing kept, how to allow) and manual entry stays there', async () => {
    const getUserMedia = cameraRefuses('NotAllowedError')
    render(<VerifyPage />)
    fireEvent.click(screen.getByTestId('scan'))
    await waitFor(() => expect(screen.getByTestId('scan-problem')).toBeTruthy())
    expect(getUserMedia).toHaveBeenCalledTimes(1)
    const problem = screen.getByTestId('scan-problem').textContent ?? ''
    expect(problem).toContain('未获得摄像头权限')
    expect(problem).toContain('画面不保存、不上传')
    expect(problem).toContain('粘贴')
    expect(screen.getByTestId('scan').textContent).toBe('重新扫码')
    // the fallback: paste the address and verify
    const verify = vi.spyOn(certificatesApi, 'verify').mockResolvedValue(cancelled)
    fireEvent.change(screen.getByTestId('verify-input'), { target: { value: CODE } })
    fireEvent.click(screen.getByTestId('verify-submit'))
    await waitFor(() => expect(screen.getByTestId('verify-result')).toBeTruthy())
    expect(verify).toHaveBeenCalledWith(CODE)
  })

  it('H5: a browser without camera support is told to use the phone camera or paste the address', async () => {
    render(<VerifyPage />)
    fireEvent.click(screen.getByTestId('scan'))
    await waitFor(() => expect(screen.getByTestId('scan-problem').getAttribute('data-kind')).toBe('unsupported'))
    expect(screen.getByTestId('scan-problem').textContent).toContain('系统相机')
  })

  it('H5: while the camera runs, 手动输入 stops it and puts the cursor in the address box', async () => {
    const stop = vi.fn()
    const getUserMedia = vi.fn(() => Promise.resolve({ getTracks: () => [{ stop }] } as unknown as MediaStream))
    Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true })
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined)
    render(<VerifyPage />)
    fireEvent.click(screen.getByTestId('scan'))
    await waitFor(() => expect(getUserMedia).toHaveBeenCalled())
    expect(screen.getByTestId('scan-video')).toBeTruthy()
    // the environment-facing camera, never audio
    expect(getUserMedia.mock.calls[0]).toEqual([expect.objectContaining({ audio: false, video: expect.objectContaining({ facingMode: { ideal: 'environment' } }) })])
    await waitFor(() => expect(screen.getByTestId('scan-manual')).toBeTruthy())
    // wait until the decoder (jsQR, loaded on demand) is running, then leave for manual entry
    await new Promise((r) => setTimeout(r, 50))
    fireEvent.click(screen.getByTestId('scan-manual'))
    await waitFor(() => expect(stop).toHaveBeenCalled())
    expect(screen.queryByTestId('scan-view')).toBeNull()
    await waitFor(() => expect(screen.getByTestId('verify-input').getAttribute('data-focus')).toBe('true'))
  })

  it('a valid result asks to compare with the paper; the unit code wraps only between its groups', async () => {
    const certificate = { kindLabel: '不动产权证书', certificateNo: '川(2024)绵阳市不动产权第0000123号', unitCodeDisplay: '510703 001002 GB00001 F00010001', location: '绵阳市涪城区****', holders: ['李**'], issuer: '绵阳市不动产登记中心', issuedOn: '2024-03-01' }
    vi.spyOn(certificatesApi, 'verify').mockResolvedValue({ status: 'valid', title: '有效', hint: '证照真实，当前为现势状态', checkedAt: cancelled.checkedAt, certificate })
    render(<VerifyPage />)
    fireEvent.change(screen.getByTestId('verify-input'), { target: { value: CODE } })
    fireEvent.click(screen.getByTestId('verify-submit'))
    await waitFor(() => expect(screen.getByTestId('verify-result').getAttribute('data-status')).toBe('valid'))
    const groups = Array.from(screen.getByTestId('verify-unit').querySelectorAll('.verify-result__group'), (g) => g.textContent?.trim())
    expect(groups).toEqual(['510703', '001002', 'GB00001', 'F00010001'])
    expect(screen.getByTestId('verify-result').textContent).toContain('请核对纸质证书上的证号、单元号与此处一致')
    expect(screen.queryByTestId('verify-todo')).toBeNull()
  })

  it('a refusal shows 注销时间 in Beijing time and 请勿受理 with the office and its phone', async () => {
    vi.spyOn(certificatesApi, 'verify').mockResolvedValue(cancelled)
    render(<VerifyPage />)
    fireEvent.change(screen.getByTestId('verify-input'), { target: { value: CODE } })
    fireEvent.click(screen.getByTestId('verify-submit'))
    await waitFor(() => expect(screen.getByTestId('verify-result').getAttribute('data-status')).toBe('cancelled'))
    expect(screen.getByTestId('verify-when').textContent).toBe('注销时间：2026-11-20 10:30:00（北京时间）')
    expect(screen.getByTestId('verify-todo').textContent).toBe('请勿受理，并联系登记机构 绵阳市不动产登记中心 0816-2253066')
    expect(screen.getByTestId('verify-time').textContent).toBe('核验时间：2026-11-27 09:00:00（北京时间）')
  })

  it('mini-program: 扫码核验 uses Taro.scanCode and verifies what it read', async () => {
    process.env.TARO_ENV = 'weapp'
    vi.mocked(Taro.scanCode).mockResolvedValueOnce({ result: CODE } as Awaited<ReturnType<typeof Taro.scanCode>>)
    const verify = vi.spyOn(certificatesApi, 'verify').mockResolvedValue({ ...cancelled, status: 'expired', title: '亮证码已过期', cancelledAt: undefined, expiresAt: '2026-11-27T00:59:59.000Z' })
    render(<VerifyPage />)
    expect(screen.queryByTestId('verify-input')).toBeNull()
    fireEvent.click(screen.getByTestId('scan'))
    await waitFor(() => expect(screen.getByTestId('verify-result')).toBeTruthy())
    expect(Taro.scanCode).toHaveBeenCalledWith({ onlyFromCamera: false, scanType: ['qrCode'] })
    expect(verify).toHaveBeenCalledWith(CODE)
    expect(screen.getByTestId('verify-when').textContent).toBe('过期时间：2026-11-27 08:59:59（北京时间）')
  })
})
