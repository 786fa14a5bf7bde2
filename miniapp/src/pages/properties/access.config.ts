export default definePageConfig({ navigationBarTitleText: '我的查询记录' })
