export default definePageConfig({ navigationBarTitleText: '人脸识别验证', disableScroll: true })
