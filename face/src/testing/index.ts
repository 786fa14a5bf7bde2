/** Test support of the face engine: the public-domain portraits and synthetic capture frames made from them. */
export * from './fixtures'
export * from './frames'
