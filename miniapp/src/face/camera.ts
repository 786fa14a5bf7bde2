/**
 * What the face page needs from a camera, on either platform (H5: getUserMedia + canvas;
 * mini-program: <Camera> + onCameraFrame). Implementations live beside the page.
 */
import type { CameraProblem, Observation } from './flow'

export interface Shot {
  /** base64 JPEG, unmirrored (the camera's own view), within the server's size limit */
  image: string
}

export interface FaceCamera {
  /** One preview observation for the live guidance (detector when there is one, else brightness). */
  observe(): Promise<Observation>
  /** The current frame as an upload-ready JPEG. */
  capture(): Promise<Shot>
  /** Eye closedness 0 (open) … 1 (closed) of the current frame, when the detector has landmarks. */
  closedness?(): Promise<number | undefined>
  /** Whether guidance uses a face detector (else brightness only). */
  readonly detector: 'face-api' | 'visionkit' | 'none'
  stop(): void
}

export class CameraUnavailable extends Error {
  constructor(readonly problem: CameraProblem) {
    super(problem.title)
    this.name = 'CameraUnavailable'
  }
}

/** Side of the square frames uploaded (px): the face fills ≈ 40–60 % of it at arm's length. */
export const UPLOAD_SIDE = 360
