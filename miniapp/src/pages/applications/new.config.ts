export default definePageConfig({ navigationBarTitleText: '新建申请' })
