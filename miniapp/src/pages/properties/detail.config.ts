export default definePageConfig({ navigationBarTitleText: '不动产详情' })
