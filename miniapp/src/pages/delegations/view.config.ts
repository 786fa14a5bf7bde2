export default definePageConfig({ navigationBarTitleText: '授权查询结果' })
