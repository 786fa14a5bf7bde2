import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import Taro from '@tarojs/taro'
import { Text } from '@tarojs/components'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { ApiError, NetworkError } from '../api/errors'
import { PagePlaceholder } from '../components/PagePlaceholder'
import { useSession } from '../store/session'
import { useLoader } from './useLoader'

/** A page as the app writes them: placeholder cards, then the data, or why it failed. */
function Page({ run, auto = true }: { run: () => Promise<string>; auto?: boolean }) {
  const { state, load } = useLoader(run, { auto })
  if (state.kind === 'error') return <PagePlaceholder failed={state} retry={() => void load()} />
  return (
    <>
      {state.kind === 'ready' ? <Text>{state.data}</Text> : <PagePlaceholder />}
      <Text onClick={() => void load({ quiet: true })}>刷新</Text>
      <Text>{state.kind}</Text>
    </>
  )
}

function deferred<T>() {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

const redirectTo = Taro.redirectTo as unknown as ReturnType<typeof vi.fn>
beforeEach(() => redirectTo.mockClear())
afterEach(cleanup)

describe('useLoader', () => {
  it('shows placeholder cards while loading, then what the BFF answered', async () => {
    const answer = deferred<string>()
    render(<Page run={() => answer.promise} />)
    expect(screen.getByTestId('list-skeleton')).toBeTruthy()
    await act(async () => answer.resolve('成都市武侯区'))
    expect(screen.getByText('成都市武侯区')).toBeTruthy()
  })

  it('does nothing until asked when not `auto`', async () => {
    const run = vi.fn().mockResolvedValue('x')
    render(<Page run={run} auto={false} />)
    expect(screen.getByText('idle')).toBeTruthy()
    expect(run).not.toHaveBeenCalled()
  })

  it('says why in Chinese, and 重试 loads again', async () => {
    const run = vi.fn().mockRejectedValueOnce(new NetworkError('offline')).mockResolvedValueOnce('第二次成功')
    render(<Page run={run} />)
    expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('第二次成功')).toBeTruthy()
  })

  it('offers no 重试 where retrying cannot help (a 404)', async () => {
    render(<Page run={() => Promise.reject(new ApiError(404, { code: 'PROPERTY_NOT_FOUND', message: '' }))} />)
    expect(await screen.findByText('未找到该不动产，或它不在您的名下')).toBeTruthy()
    expect(screen.queryByText('重试')).toBeNull()
  })

  it('a 401 forgets the session and goes to login instead of showing an error', async () => {
    useSession.setState({ status: 'authenticated' })
    render(<Page run={() => Promise.reject(new ApiError(401, { code: 'SESSION_EXPIRED', message: '' }))} />)
    await vi.waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: expect.stringMatching(/^\/pages\/login\/index\?returnTo=/) }))
    expect(useSession.getState().status).toBe('anonymous')
    expect(screen.queryByTestId('error-state')).toBeNull()
  })

  it('a quiet reload keeps what is shown until the new answer is in', async () => {
    const second = deferred<string>()
    const run = vi.fn().mockResolvedValueOnce('查询时间 10:00').mockReturnValueOnce(second.promise)
    render(<Page run={run} />)
    expect(await screen.findByText('查询时间 10:00')).toBeTruthy()
    fireEvent.click(screen.getByText('刷新'))
    expect(screen.getByText('查询时间 10:00')).toBeTruthy()
    await act(async () => second.resolve('查询时间 10:05'))
    expect(screen.getByText('查询时间 10:05')).toBeTruthy()
  })

  it('a slow older answer never replaces a newer one', async () => {
    const first = deferred<string>()
    const run = vi.fn().mockReturnValueOnce(first.promise).mockResolvedValueOnce('新的')
    render(<Page run={run} />)
    fireEvent.click(screen.getByText('刷新'))
    expect(await screen.findByText('新的')).toBeTruthy()
    await act(async () => first.resolve('旧的'))
    expect(screen.getByText('新的')).toBeTruthy()
    expect(screen.queryByText('旧的')).toBeNull()
  })
})
