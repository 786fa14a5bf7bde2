import type { PropsWithChildren } from 'react'
import { installWeappPolyfills } from './api/polyfill-weapp'
import './app.scss'

// The weapp runtime lacks Headers/URLSearchParams (hono's client needs them). The condition is
// a build-time constant, so H5 drops the polyfill entirely.
if (process.env.TARO_ENV === 'weapp') installWeappPolyfills()

function App({ children }: PropsWithChildren) {
  return children
}

export default App
