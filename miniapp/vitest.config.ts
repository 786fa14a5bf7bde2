import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import vitePluginImp from 'vite-plugin-imp'

const here = dirname(fileURLToPath(import.meta.url))

export default defineConfig({
  plugins: [
    // Same per-component NutUI imports as the Taro build (without CSS, which jsdom ignores):
    // the library's barrel pulls lottie and friends that cannot load under jsdom.
    vitePluginImp({
      // vitest runs vite in serve mode, where the plugin keeps the original barrel import by default.
      removeOriginImport: true,
      libList: [
        {
          libName: '@nutui/nutui-react-taro',
          libDirectory: 'dist/es/packages',
          camel2DashComponentName: false,
          nameFormatter: (name: string) => name.toLowerCase(),
          replaceOldImport: true,
        },
      ],
    }),
  ],
  define: { BFF_BASE_URL: JSON.stringify('') },
  resolve: {
    alias: [
      { find: /^@tarojs\/taro$/, replacement: resolve(here, 'src/test/taro-fake.ts') },
      { find: /^@tarojs\/components$/, replacement: resolve(here, 'src/test/components-fake.tsx') },
    ],
  },
  esbuild: { jsx: 'automatic' },
  test: {
    name: 'miniapp',
    root: here,
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    env: { TARO_ENV: 'h5' },
    server: { deps: { inline: [/@nutui\//] } },
  },
})
