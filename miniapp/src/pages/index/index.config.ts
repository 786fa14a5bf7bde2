export default definePageConfig({ navigationBarTitleText: '不动产登记' })
