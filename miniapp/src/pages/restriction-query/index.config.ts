export default definePageConfig({ navigationBarTitleText: '限制查询' })
