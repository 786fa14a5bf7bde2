import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Textarea } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Verification } from '@bdc/shared/certificates/api'
import { userMessage } from '../../api/errors'
import { PageShell } from '../../components/PageShell'
import { certificatesApi } from '../../api/certificates'
import './verify.scss'

/**
 * 证照核验: scan (mini-program: Taro.scanCode) or paste a certificate QR's content; the BFF
 * verifies it on the same code path as the public /v/ page and the bank API.
 */
export default function VerifyPage() {
  const [text, setText] = useState('')
  const [result, setResult] = useState<Verification | null>(null)
  const [busy, setBusy] = useState(false)
  const weapp = process.env.TARO_ENV === 'weapp'

  const check = async (code: string) => {
    if (!code.trim()) return void Taro.showToast({ title: '请先扫码或粘贴核验码', icon: 'none' })
    setBusy(true)
    try {
      setResult(await certificatesApi.verify(code.trim()))
    } catch (e) {
      void Taro.showModal({ title: '核验失败', content: userMessage(e), showCancel: false })
    } finally {
      setBusy(false)
    }
  }
  const scan = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] })
      await check(r.result)
    } catch {
      // cancelled by the user: nothing to do
    }
  }
  const good = result?.status === 'valid'
  return (
    <PageShell className="certs">
      <View className="verify-box">
        {weapp ? (
          <Button block type="primary" onClick={() => void scan()} data-testid="scan">扫码核验</Button>
        ) : (
          <>
            <Text className="verify-box__label">粘贴证书二维码中的核验地址，或用手机相机直接扫描证书二维码（会打开核验页）</Text>
            <Textarea className="verify-box__input" value={text} maxlength={400} placeholder="例如 https://…/v/1C/…" onInput={(e) => setText(e.detail.value)} data-testid="verify-input" />
            <Button block type="primary" loading={busy} onClick={() => void check(text)} data-testid="verify-submit">核验</Button>
          </>
        )}
      </View>
      {result ? (
        <View className={`verify-result ${good ? 'verify-result--ok' : 'verify-result--bad'}`} data-testid="verify-result" data-status={result.status}>
          <Text className="verify-result__title">{good ? '✓ ' : '✕ '}{result.title}</Text>
          <Text className="verify-result__hint">{result.reason ?? result.hint}</Text>
          {result.certificate ? (
            <View className="cert-face__table">
              {[
                ['证照类型', result.certificate.kindLabel],
                ['证号', result.certificate.certificateNo],
                ['不动产单元号', result.certificate.unitCodeDisplay],
                ['坐落', result.certificate.location],
                ['权利人', result.certificate.holders.join('、')],
                ['登记机构', result.certificate.issuer],
              ].map(([k, v]) => (
                <View key={k} className="cert-face__row">
                  <Text className="cert-face__label">{k}</Text>
                  <Text className="cert-face__value">{v}</Text>
                </View>
              ))}
            </View>
          ) : null}
          <Text className="verify-result__time">核验时间：{result.checkedAt.replace('T', ' ').slice(0, 19)}（UTC）</Text>
        </View>
      ) : null}
    </PageShell>
  )
}
