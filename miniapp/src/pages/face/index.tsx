/**
 * 人脸识别验证 (DESIGN §5): consent → front camera with live guidance → the server's challenge,
 * one prompt at a time while the screen flashes its colours and a burst is captured → upload →
 * the server's decision. Opened by runSensitive (src/face/sensitive.ts); reports its outcome once
 * and goes back, so the interrupted operation carries on.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useUnload } from '@tarojs/taro'
import { Camera, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ACTION_LABELS } from '@bdc/shared/liveness'
import { ApiError, userMessage } from '../../api/errors'
import { PageShell } from '../../components/PageShell'
import { CameraUnavailable, type FaceCamera } from '../../face/camera'
import {
  CAPTURE_INTERVAL_MS,
  GUIDANCE_TEXT,
  lockedMessage,
  schedule,
  selectFrames,
  stepAt,
  verdictOf,
  guidanceFor,
  type Captured,
  type Challenge,
  type ChallengeStep,
  type FaceHolder,
  type Guidance,
  type CameraProblem,
} from '../../face/flow'
import { reportFaceOutcome, type FaceOutcome } from '../../face/sensitive'
import { redirectIfUnauthenticated } from '../../utils/auth-redirect'
import { PAGES } from '../../utils/nav'
import { livenessApi } from '../../api/liveness'
// Static on purpose: the mini-program build then keeps it inside this subpackage (a dynamic import
// becomes a chunk at the package root, i.e. in the main package).
import { openWeappCamera } from './camera-weapp'
import './index.scss'

type Phase =
  | { kind: 'consent' }
  | { kind: 'starting' }
  | { kind: 'camera-problem'; problem: CameraProblem }
  | { kind: 'aligning'; guidance: Guidance | null }
  | { kind: 'requesting' }
  | { kind: 'capturing'; challenge: Challenge; step: ChallengeStep }
  | { kind: 'uploading' }
  | { kind: 'passed' }
  | { kind: 'failed'; reason: string; remaining: number }
  | { kind: 'locked'; message: string }
  | { kind: 'error'; message: string }

const IS_H5 = process.env.TARO_ENV === 'h5'
/** Consecutive good preview frames before the check starts by itself. */
const STEADY_FRAMES = 3

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function openCamera(video: HTMLVideoElement | null): Promise<FaceCamera> {
  if (IS_H5) {
    // Loaded only now: the face-api runtime and the models never reach the first load.
    const { openH5Camera } = await import('./camera-h5')
    return openH5Camera(video!)
  }
  return openWeappCamera()
}

export default function FacePage() {
  const [phase, setPhase] = useState<Phase>({ kind: 'consent' })
  const [progress, setProgress] = useState(0)
  /** Whose face is asked: shown on the consent screen (a company account: its 法定代表人). */
  const [holder, setHolder] = useState<FaceHolder | null>(null)
  const camera = useRef<FaceCamera | null>(null)
  const video = useRef<HTMLVideoElement | null>(null)
  const run = useRef(0) // bumps on every start/stop, so a stale loop ends itself
  const reported = useRef(false)

  const stopCamera = useCallback(() => {
    run.current++
    camera.current?.stop()
    camera.current = null
  }, [])

  const leave = useCallback(
    (outcome: FaceOutcome) => {
      stopCamera()
      if (!reported.current) {
        reported.current = true
        reportFaceOutcome(outcome)
      }
      if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
      else void Taro.reLaunch({ url: PAGES.home })
    },
    [stopCamera],
  )

  // Closing the page any other way (back button, gesture) counts as 取消.
  useUnload(() => {
    stopCamera()
    if (!reported.current) {
      reported.current = true
      reportFaceOutcome('cancelled')
    }
  })
  useEffect(() => () => stopCamera(), [stopCamera])
  useEffect(() => {
    let live = true
    livenessApi.holder().then(
      (h) => live && setHolder(h),
      (e: unknown) => {
        // A company without a registered 法定代表人 cannot pass: say so before the camera opens.
        // Anything else (network) is reported when the check starts.
        if (live && e instanceof ApiError && e.code === 'LIVENESS_NO_LEGAL_REPRESENTATIVE') setPhase({ kind: 'error', message: userMessage(e) })
      },
    )
    return () => {
      live = false
    }
  }, [])

  const capture = useCallback(async (cam: FaceCamera, challenge: Challenge, my: number) => {
    const slots = schedule(challenge.steps)
    const total = slots[slots.length - 1]!.endMs
    const frames: Captured[] = []
    let t0 = 0
    let shown = -1
    let scoring = false
    for (;;) {
      const now = Date.now()
      if (!t0) t0 = now
      const t = now - t0
      const slot = stepAt(slots, t)
      if (!slot || run.current !== my) break
      const step = challenge.steps[slot.step]!
      if (slot.step !== shown) {
        shown = slot.step
        setPhase({ kind: 'capturing', challenge, step })
      }
      setProgress(t / total)
      const shot = await cam.capture()
      const frame: Captured = { t, step: slot.step, image: shot.image }
      frames.push(frame)
      // Blink lasts a moment: score eye closure on-device so the upload keeps the closed frame.
      if (step.action === 'blink' && cam.closedness && !scoring) {
        scoring = true
        void cam
          .closedness()
          .then((c) => {
            if (c !== undefined) frame.closedness = c
          })
          .finally(() => (scoring = false))
      }
      const wait = CAPTURE_INTERVAL_MS - (Date.now() - now)
      if (wait > 0) await sleep(wait)
    }
    return frames
  }, [])

  const runChallenge = useCallback(
    async (cam: FaceCamera, my: number) => {
      setPhase({ kind: 'requesting' })
      setProgress(0)
      let challenge: Challenge
      try {
        challenge = await livenessApi.challenge()
      } catch (e) {
        return failWith(e)
      }
      if (run.current !== my) return
      const frames = await capture(cam, challenge, my)
      if (run.current !== my) return
      setProgress(1)
      stopCamera()
      setPhase({ kind: 'uploading' })
      const picked = selectFrames(frames, challenge.steps, challenge.frames)
      try {
        const result = await livenessApi.answer(challenge.id, { nonce: challenge.nonce, frames: picked.map((f) => ({ t: f.t, step: f.step, image: f.image })) })
        const v = verdictOf(result)
        if (v.kind === 'passed') {
          setPhase({ kind: 'passed' })
          await sleep(900)
          leave('passed')
        } else if (v.kind === 'locked') setPhase({ kind: 'locked', message: v.message })
        else setPhase({ kind: 'failed', reason: v.reason, remaining: v.remaining })
      } catch (e) {
        failWith(e)
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [capture, leave, stopCamera],
  )

  function failWith(e: unknown) {
    stopCamera()
    if (redirectIfUnauthenticated(e)) return
    if (e instanceof ApiError && e.code === 'LIVENESS_LOCKED') return setPhase({ kind: 'locked', message: lockedMessage(e.details) })
    setPhase({ kind: 'error', message: userMessage(e) })
  }

  const start = useCallback(async () => {
    stopCamera()
    const my = ++run.current
    setProgress(0)
    setPhase({ kind: 'starting' })
    // Let the preview element mount before the camera is attached to it.
    await sleep(0)
    let cam: FaceCamera
    try {
      cam = await openCamera(video.current)
    } catch (e) {
      if (e instanceof CameraUnavailable) return setPhase({ kind: 'camera-problem', problem: e.problem })
      return setPhase({ kind: 'camera-problem', problem: { title: '摄像头无法启动', text: userMessage(e) } })
    }
    if (run.current !== my) return cam.stop()
    camera.current = cam
    setPhase({ kind: 'aligning', guidance: null })
    let steady = 0
    while (run.current === my) {
      const g = guidanceFor(await cam.observe())
      if (run.current !== my) return
      setPhase({ kind: 'aligning', guidance: g })
      steady = g === 'ok' ? steady + 1 : 0
      if (steady >= STEADY_FRAMES) return runChallenge(cam, my)
      await sleep(250)
    }
  }, [runChallenge, stopCamera])

  const cameraOn = phase.kind === 'starting' || phase.kind === 'aligning' || phase.kind === 'requesting' || phase.kind === 'capturing'
  const flash = phase.kind === 'capturing' && phase.step.kind === 'flash' ? phase.step.hex : undefined

  if (phase.kind === 'consent') {
    return (
      <PageShell className="face">
        <View className="face-consent" data-testid="face-consent">
          <Text className="face-consent__title">人脸识别验证</Text>
          <Text className="face-consent__text">
            {holder?.role === 'legal_representative' ? '为保护贵单位的不动产信息，办理此项业务前需确认是法定代表人本人操作。' : '为保护您的不动产信息，办理此项业务前需确认是您本人操作。'}
          </Text>
          {holder ? (
            <Text className="face-consent__holder" data-testid="face-holder">
              {holder.prompt}
            </Text>
          ) : null}
          <View className="face-consent__list">
            <Text className="face-consent__item">· 请按提示完成 2–3 个动作（如眨眼、张嘴、转头、点头），屏幕会闪烁几种颜色；</Text>
            <Text className="face-consent__item">· 系统核对动作是否实时完成，并与公安身份登记照片比对是否为本人；</Text>
            <Text className="face-consent__item">· 画面仅用于本次核验，核验完成即删除，不保存任何照片或视频，只记录核验结果；</Text>
            <Text className="face-consent__item">· 通过后 10 分钟内办理敏感业务无需重复验证。</Text>
          </View>
          <Text className="face-consent__tip">请在光线充足处，正对手机，摘下口罩和墨镜。</Text>
          <Button block type="primary" size="large" onClick={() => void start()} data-testid="face-start">
            开始
          </Button>
          <Button block fill="outline" size="large" onClick={() => leave('cancelled')} data-testid="face-cancel">
            取消
          </Button>
        </View>
      </PageShell>
    )
  }

  return (
    <PageShell className="face">
      <View className={`face-stage ${flash ? 'face-stage--flash' : ''}`} style={flash ? { background: flash } : undefined} data-testid="face-stage" data-flash={flash ?? ''}>
        {cameraOn ? (
          <>
            <View className="face-ring" style={{ background: `conic-gradient(#0B5FD6 ${Math.round(progress * 360)}deg, #dfe3ea 0deg)` }} data-testid="face-ring">
              <View className="face-window">
                {IS_H5 ? (
                  <video ref={video} className="face-video" autoPlay muted playsInline data-testid="face-video" />
                ) : (
                  <Camera className="face-video" devicePosition="front" flash="off" frameSize="small" mode="normal" />
                )}
                <View className="face-oval" />
              </View>
            </View>
            <PromptLine phase={phase} />
            <Button className="face-stage__cancel" fill="none" onClick={() => leave('cancelled')}>
              取消
            </Button>
          </>
        ) : (
          <ResultBlock phase={phase} onRetry={() => void start()} onCancel={() => leave('cancelled')} onDone={() => leave(phase.kind === 'locked' ? 'locked' : 'failed')} />
        )}
      </View>
    </PageShell>
  )
}

function PromptLine({ phase }: { phase: Phase }) {
  let text = ''
  let hint = ''
  if (phase.kind === 'starting') text = '正在打开摄像头…'
  else if (phase.kind === 'aligning') {
    text = phase.guidance ? GUIDANCE_TEXT[phase.guidance] : '正在检测面部…'
    hint = '请将面部置于框内，保持光线充足'
  } else if (phase.kind === 'requesting') text = '准备开始…'
  else if (phase.kind === 'capturing') {
    const s = phase.step
    text = s.kind === 'action' && s.action ? ACTION_LABELS[s.action] : s.kind === 'flash' ? '请保持正对屏幕' : '请正对屏幕，保持不动'
    const n = phase.challenge.steps.length
    hint = `第 ${s.index + 1}/${n} 步`
  }
  return (
    <View className="face-prompt">
      <Text className={`face-prompt__text ${phase.kind === 'aligning' && phase.guidance && phase.guidance !== 'ok' ? 'face-prompt__text--warn' : ''}`} data-testid="face-prompt">
        {text}
      </Text>
      {hint ? <Text className="face-prompt__hint">{hint}</Text> : null}
    </View>
  )
}

function ResultBlock({ phase, onRetry, onCancel, onDone }: { phase: Phase; onRetry: () => void; onCancel: () => void; onDone: () => void }) {
  if (phase.kind === 'uploading') {
    return (
      <View className="face-result" data-testid="face-uploading">
        <View className="face-spinner" />
        <Text className="face-result__title">正在核验</Text>
        <Text className="face-result__text">正在比对动作与身份登记照片，请稍候…</Text>
      </View>
    )
  }
  if (phase.kind === 'passed') {
    return (
      <View className="face-result" data-testid="face-passed">
        <View className="face-result__icon face-result__icon--ok">✓</View>
        <Text className="face-result__title">验证通过</Text>
        <Text className="face-result__text">正在返回…</Text>
      </View>
    )
  }
  let title = '验证未通过'
  let text = ''
  let canRetry = true
  let extra = ''
  if (phase.kind === 'failed') {
    text = phase.reason
    extra = phase.remaining > 0 ? `还可尝试 ${phase.remaining} 次` : ''
  } else if (phase.kind === 'locked') {
    title = '验证已锁定'
    text = phase.message
    canRetry = false
  } else if (phase.kind === 'camera-problem') {
    title = phase.problem.title
    text = phase.problem.text
  } else if (phase.kind === 'error') {
    title = '暂时无法完成验证'
    text = phase.message
  }
  return (
    <View className="face-result" data-testid="face-result" data-kind={phase.kind}>
      <View className="face-result__icon face-result__icon--error">!</View>
      <Text className="face-result__title" data-testid="face-result-title">
        {title}
      </Text>
      <Text className="face-result__text" data-testid="face-reason">
        {text}
      </Text>
      {extra ? <Text className="face-result__hint">{extra}</Text> : null}
      {canRetry ? (
        <Button block type="primary" size="large" onClick={onRetry} data-testid="face-retry">
          重试
        </Button>
      ) : null}
      <Button block fill="outline" size="large" onClick={canRetry ? onCancel : onDone}>
        {canRetry ? '取消' : '返回'}
      </Button>
    </View>
  )
}
