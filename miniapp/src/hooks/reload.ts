import { useEffect, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'

type Load = (opts?: { quiet?: boolean }) => Promise<void>

/** 下拉刷新: reload quietly (what is shown stays) and close the spinner when done. */
export function usePullToReload(load: Load) {
  usePullDownRefresh(() => {
    void load({ quiet: true }).finally(() => Taro.stopPullDownRefresh())
  })
}

/** A list page: load on open, quietly again on 下拉刷新 and when the citizen comes back to it once it has shown (to show what changed). */
export function useListReload(load: Load, loaded: boolean) {
  useEffect(() => {
    void load()
  }, [load])
  useDidShow(() => {
    if (loaded) void load({ quiet: true })
  })
  usePullToReload(load)
}

/** A 刷新 button: reload quietly (what is shown stays), `refreshing` while it runs. */
export function useRefresh(load: Load) {
  const [refreshing, setRefreshing] = useState(false)
  const refresh = () => {
    setRefreshing(true)
    void load({ quiet: true }).finally(() => setRefreshing(false))
  }
  return { refreshing, refresh }
}
