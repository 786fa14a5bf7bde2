/**
 * @bdc/face — the Node face engine: a pool of worker threads running face-api (tfjs WASM) that turns
 * an image into face boxes, 68 landmarks, a 128-d descriptor and the face's mean colour, and the
 * pure measures computed from those numbers (eye and mouth opening, head pose, colour response,
 * descriptor distance). Used by the BFF's liveness check and by the simulated provincial
 * certified-face service. Decisions (thresholds per use, what a failure means) stay with the callers.
 */
export * from './pool'
export * from './measures'
