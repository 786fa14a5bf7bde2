import Taro from '@tarojs/taro'
import { create } from 'zustand'

/** 适老化 (elder mode): larger type and touch targets; remembered on the device. */
const KEY = 'bdc_elder_mode'

function load(): boolean {
  try {
    return Taro.getStorageSync(KEY) === '1'
  } catch {
    return false
  }
}

export interface UiState {
  elder: boolean
  setElder(on: boolean): void
}

export const useUi = create<UiState>()((set) => ({
  elder: load(),
  setElder(on) {
    Taro.setStorageSync(KEY, on ? '1' : '0')
    set({ elder: on })
  },
}))
