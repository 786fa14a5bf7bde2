import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Image, Text } from '@tarojs/components'
import { getToken } from '../../../api/auth-transport'

/**
 * A material's thumbnail from the BFF. H5 loads it like any image (the session cookie rides along,
 * same origin); the mini-program's <Image> cannot send the bearer, so it downloads first.
 */
export function Thumb({ url, local }: { url: string | null; local?: string }) {
  const [src, setSrc] = useState<string | null>(local ?? (process.env.TARO_ENV === 'h5' ? url : null))
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    if (local || !url || process.env.TARO_ENV === 'h5') return
    let live = true
    const token = getToken()
    Taro.downloadFile({ url, header: token ? { Authorization: `Bearer ${token}` } : {} })
      .then((r) => live && (r.statusCode === 200 ? setSrc(r.tempFilePath) : setFailed(true)))
      .catch(() => live && setFailed(true))
    return () => {
      live = false
    }
  }, [url, local])
  if (failed || !src) return <View className="apl-thumb__img apl-thumb__img--empty">{failed ? <Text>无法预览</Text> : null}</View>
  return <Image className="apl-thumb__img" src={src} mode="aspectFill" onError={() => setFailed(true)} />
}
