export default definePageConfig({ navigationBarTitleText: '授权机构核验' })
