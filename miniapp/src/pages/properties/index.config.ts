export default definePageConfig({
  navigationBarTitleText: '我的不动产',
  // Native pull-down on weapp; Taro H5 emulates it for touch, and the page has a 刷新 button for mice.
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
