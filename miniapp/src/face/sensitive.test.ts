import { afterEach, describe, expect, it, vi } from 'vitest'
import Taro from '@tarojs/taro'
import { ApiError } from '../api/errors'
import { FACE_PAGE, FaceCheckNotPassed, reportFaceOutcome, runSensitive } from './sensitive'

const faceRequired = () => new ApiError(403, { code: 'FACE_CHECK_REQUIRED', message: '请先完成人脸识别验证' })
const navigate = vi.mocked(Taro.navigateTo)

/** The face page's side: once the page is opened, report an outcome. */
function facePageAnswers(outcome: Parameters<typeof reportFaceOutcome>[0]) {
  navigate.mockImplementation(() => {
    setTimeout(() => reportFaceOutcome(outcome), 0)
    return Promise.resolve() as never
  })
}

afterEach(() => {
  navigate.mockReset()
  navigate.mockImplementation(() => Promise.resolve() as never)
})

describe('runSensitive', () => {
  it('returns the result without a face check when the route lets the call through', async () => {
    const action = vi.fn().mockResolvedValue('ok')
    await expect(runSensitive(action)).resolves.toBe('ok')
    expect(action).toHaveBeenCalledTimes(1)
    expect(navigate).not.toHaveBeenCalled()
  })

  it('opens the face page on FACE_CHECK_REQUIRED and retries once after a pass', async () => {
    facePageAnswers('passed')
    const action = vi.fn().mockRejectedValueOnce(faceRequired()).mockResolvedValueOnce('pdf')
    await expect(runSensitive(action)).resolves.toBe('pdf')
    expect(action).toHaveBeenCalledTimes(2)
    expect(navigate).toHaveBeenCalledWith({ url: FACE_PAGE })
  })

  it.each(['cancelled', 'failed', 'locked'] as const)('rejects without retrying when the user %s', async (outcome) => {
    facePageAnswers(outcome)
    const action = vi.fn().mockRejectedValue(faceRequired())
    const err = await runSensitive(action).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(FaceCheckNotPassed)
    expect((err as FaceCheckNotPassed).outcome).toBe(outcome)
    expect((err as ApiError).message).toBe('请先完成人脸识别验证')
    expect(action).toHaveBeenCalledTimes(1)
  })

  it('passes other errors through untouched, without opening the face page', async () => {
    const notFound = new ApiError(404, { code: 'NOT_FOUND', message: 'x' })
    await expect(runSensitive(() => Promise.reject(notFound))).rejects.toBe(notFound)
    expect(navigate).not.toHaveBeenCalled()
  })

  it('retries only once: a second FACE_CHECK_REQUIRED after a pass is the caller’s error', async () => {
    facePageAnswers('passed')
    const action = vi.fn().mockRejectedValue(faceRequired())
    await expect(runSensitive(action)).rejects.toMatchObject({ code: 'FACE_CHECK_REQUIRED' })
    expect(action).toHaveBeenCalledTimes(2)
    expect(navigate).toHaveBeenCalledTimes(1)
  })

  it('shares one face page between two guarded calls failing together', async () => {
    facePageAnswers('passed')
    const a = vi.fn().mockRejectedValueOnce(faceRequired()).mockResolvedValueOnce('a')
    const b = vi.fn().mockRejectedValueOnce(faceRequired()).mockResolvedValueOnce('b')
    await expect(Promise.all([runSensitive(a), runSensitive(b)])).resolves.toEqual(['a', 'b'])
    expect(navigate).toHaveBeenCalledTimes(1)
  })

  it('counts a face page that cannot open as cancelled', async () => {
    navigate.mockImplementation(() => Promise.reject(new Error('navigateTo:fail page not found')) as never)
    const err = await runSensitive(() => Promise.reject(faceRequired())).catch((e: unknown) => e)
    expect((err as FaceCheckNotPassed).outcome).toBe('cancelled')
  })
})
