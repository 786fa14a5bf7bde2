import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import vitePluginImp from 'vite-plugin-imp'
import { externalizeInlineScripts } from './externalize-inline-scripts'
import { faceApiChunk } from './face-chunk'
import { subpackageChunks } from './subpackage-chunks'
import devConfig from './dev'
import prodConfig from './prod'

/**
 * One Taro code base, two targets: `dist/weapp` (WeChat-format mini-program for the 天府通办
 * container) and `dist/h5` (served by the BFF at `/`).
 */
// npm keeps @tarojs/plugin-framework-react inside miniapp/node_modules (it peers on vite 4 while
// the root has vitest's newer vite), so Taro's hoisted H5 runtime cannot resolve it by itself.
const requireHere = createRequire(`${process.cwd()}/package.json`)
const frameworkReactDir = dirname(requireHere.resolve('@tarojs/plugin-framework-react/package.json'))

export default defineConfig<'vite'>(async (merge) => {
  const isH5 = process.env.TARO_ENV === 'h5'
  // H5 is served by the BFF itself, so same-origin ('') keeps cookies + CSRF simple.
  // The mini-program must call an absolute URL configured at build time.
  const bffBaseUrl = isH5 ? '' : process.env.BFF_BASE_URL || 'http://localhost:8787'

  const baseConfig: UserConfigExport<'vite'> = {
    projectName: 'bdc-yichuang',
    date: '2025-11-27',
    // NutUI React is drawn on a 375 px grid; using the same width everywhere avoids mixed scales.
    designWidth: 375,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: isH5 ? 'dist/h5' : 'dist/weapp',
    // NutUI's Taro build renders some HTML-ish tags and relies on this plugin (per its docs).
    plugins: ['@tarojs/plugin-html'],
    defineConstants: {
      BFF_BASE_URL: JSON.stringify(bffBaseUrl),
    },
    // H5 only: the face page's two tiny face-api models, fetched when that page opens (never in the
    // first load); the mini-program build has no use for them.
    copy: {
      patterns: isH5
        ? ['tiny_face_detector_model-weights_manifest.json', 'tiny_face_detector_model.bin', 'face_landmark_68_tiny_model-weights_manifest.json', 'face_landmark_68_tiny_model.bin'].map((f) => ({
            from: requireHere.resolve(`@vladmandic/face-api/model/${f}`),
            to: `dist/h5/static/face-models/${f}`,
          }))
        : [],
      options: {},
    },
    framework: 'react',
    compiler: {
      type: 'vite',
      vitePlugins: [
        {
          name: 'bdc:resolve-nested-taro',
          config: () => ({ resolve: { alias: [{ find: /^@tarojs\/plugin-framework-react(?=\/|$)/, replacement: frameworkReactDir }] } }),
        },
        // Per-component NutUI imports: `import { Button } from '@nutui/nutui-react-taro'` becomes
        // the component module plus its CSS, so the rest of the library (lottie etc.) stays out.
        vitePluginImp({
          libList: [
            {
              libName: '@nutui/nutui-react-taro',
              libDirectory: 'dist/es/packages',
              camel2DashComponentName: false,
              nameFormatter: (name: string) => name.toLowerCase(),
              style: (name: string) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}/style/css`,
            },
          ],
        }),
        // weapp: a subpackage's shared modules stay in it instead of the main package's common.js.
        ...(isH5 ? [externalizeInlineScripts(`${process.cwd()}/dist/h5`), faceApiChunk()] : [subpackageChunks(['pages/applications'])]),
      ],
    },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'browser' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[hash].css', chunkFilename: 'css/[name].[chunkhash].css' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }

  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
