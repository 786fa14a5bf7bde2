import { useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Textarea } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Verification } from '@bdc/shared/certificates/api'
import { beijingIso } from '@bdc/shared/ids/normalize'
import { userMessage } from '../../api/errors'
import { PageShell } from '../../components/PageShell'
import { certificatesApi } from '../../api/certificates'
import type { Scan, ScanProblem } from './scan-h5'
import './verify.scss'

const IS_H5 = process.env.TARO_ENV === 'h5'

/** "2026-11-27 09:07:00（北京时间）" whatever the phone's zone. */
const beijing = (iso: string) => {
  const b = beijingIso(iso)
  return `${b.slice(0, 10)} ${b.slice(11, 19)}（北京时间）`
}

/** H5: the camera with the lazily loaded decoder (./scan-h5, jsQR); a problem says why and what to do. */
async function startH5Scan(video: HTMLVideoElement): Promise<Scan | ScanProblem> {
  const { startScan, ScanUnavailable, scanProblem } = await import('./scan-h5')
  try {
    return await startScan(video)
  } catch (e) {
    return e instanceof ScanUnavailable ? e.problem : scanProblem('other')
  }
}

/**
 * 证照核验 (no login): scan — mini-program: Taro.scanCode; H5: the camera and a QR decoder loaded
 * on demand — or paste a certificate QR's content; the BFF verifies it on the same code path as
 * the public /v/ page and the bank API.
 */
export default function VerifyPage() {
  const [text, setText] = useState('')
  const [result, setResult] = useState<Verification | null>(null)
  const [busy, setBusy] = useState(false)
  const [scanning, setScanning] = useState(false)
  const [problem, setProblem] = useState<ScanProblem | null>(null)
  const [manualFocus, setManualFocus] = useState(false)
  const video = useRef<HTMLVideoElement | null>(null)
  const scan = useRef<Scan | null>(null)
  const weapp = process.env.TARO_ENV === 'weapp'

  useEffect(() => () => scan.current?.stop(), [])

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
  const scanWeapp = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] })
      await check(r.result)
    } catch {
      // cancelled by the user: nothing to do
    }
  }
  const stopH5 = () => {
    scan.current?.stop()
    scan.current = null
    setScanning(false)
  }
  const scanH5 = async () => {
    setProblem(null)
    setResult(null)
    setScanning(true)
    // let the <video> mount before the camera is attached to it
    await new Promise((r) => setTimeout(r, 0))
    const started = video.current ? await startH5Scan(video.current) : null
    if (!started || !('result' in started)) {
      setScanning(false)
      setProblem(started ?? null)
      return
    }
    scan.current = started
    try {
      const code = await started.result
      setScanning(false)
      setText(code)
      await check(code)
    } catch {
      // stopped (取消) or left the page
    } finally {
      scan.current = null
    }
  }
  const manual = () => {
    stopH5()
    setManualFocus(false)
    setTimeout(() => setManualFocus(true), 0)
  }

  const good = result?.status === 'valid'
  const cancelled = result && (result.status === 'cancelled' || result.status === 'superseded') ? result.cancelledAt : undefined
  const expired = result?.status === 'expired' ? result.expiresAt : undefined
  return (
    <PageShell className="certs">
      <View className="verify-box">
        {weapp ? (
          <Button block type="primary" onClick={() => void scanWeapp()} data-testid="scan">扫码核验</Button>
        ) : (
          <>
            {scanning ? (
              <View className="scan" data-testid="scan-view">
                {IS_H5 ? <video ref={video} className="scan__video" autoPlay muted playsInline data-testid="scan-video" /> : null}
                <View className="scan__frame" />
                <Text className="scan__hint">将证书上的二维码放入框内，识别后自动核验</Text>
                <View className="scan__actions">
                  <Button block onClick={stopH5} data-testid="scan-cancel">取消</Button>
                  <Button block fill="none" onClick={manual} data-testid="scan-manual">手动输入</Button>
                </View>
              </View>
            ) : (
              <Button block type="primary" onClick={() => void scanH5()} data-testid="scan">{problem ? '重新扫码' : '扫码核验'}</Button>
            )}
            {problem ? (
              <View className="scan-problem" data-testid="scan-problem" data-kind={problem.kind}>
                <Text className="scan-problem__title">{problem.title}</Text>
                <Text className="scan-problem__text">{problem.text}</Text>
              </View>
            ) : null}
            <Text className="verify-box__label">或粘贴证书二维码中的核验地址</Text>
            <Textarea className="verify-box__input" value={text} maxlength={400} focus={manualFocus} placeholder="例如 https://…/v/1C/…" onInput={(e) => setText(e.detail.value)} onBlur={() => setManualFocus(false)} data-testid="verify-input" />
            <Button block type="primary" loading={busy} onClick={() => void check(text)} data-testid="verify-submit">核验</Button>
          </>
        )}
      </View>
      {result ? (
        <View className={`verify-result ${good ? 'verify-result--ok' : 'verify-result--bad'}`} data-testid="verify-result" data-status={result.status}>
          <Text className="verify-result__title">{good ? '✓ ' : '✕ '}{result.title}</Text>
          <Text className="verify-result__hint">{result.reason ?? result.hint}</Text>
          {cancelled ? <Text className="verify-result__when" data-testid="verify-when">注销时间：{beijing(cancelled)}</Text> : null}
          {expired ? <Text className="verify-result__when" data-testid="verify-when">过期时间：{beijing(expired)}</Text> : null}
          {good ? null : (
            <Text className="verify-result__todo" data-testid="verify-todo">
              {result.contact ? `请勿受理，并联系登记机构 ${result.contact.office} ${result.contact.phone}` : '请勿受理，并联系出具证照的不动产登记机构核实。'}
            </Text>
          )}
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
                  {k === '不动产单元号' ? (
                    // wraps only between its 6-6-7-9 groups
                    <Text className="cert-face__value" data-testid="verify-unit">
                      {v!.split(' ').map((g, i) => <Text key={i} className="verify-result__group">{i ? ' ' : ''}{g}</Text>)}
                    </Text>
                  ) : (
                    <Text className="cert-face__value">{v}</Text>
                  )}
                </View>
              ))}
            </View>
          ) : null}
          {good ? <Text className="verify-result__cmp">请核对纸质证书上的证号、单元号与此处一致</Text> : null}
          <Text className="verify-result__time" data-testid="verify-time">核验时间：{beijing(result.checkedAt)}</Text>
        </View>
      ) : null}
    </PageShell>
  )
}
