export default defineAppConfig({
  pages: ['pages/index/index', 'pages/login/index'],
  // 我的不动产 lives in a subpackage: the main package keeps only home + login, well under budget.
  subPackages: [
    { root: 'pages/properties', pages: ['index', 'detail', 'access'] },
    { root: 'pages/certificates', pages: ['index', 'detail', 'show', 'verify'] },
    { root: 'pages/delegations', pages: ['index', 'create', 'detail', 'view', 'institutions', 'institution-grant'] },
    { root: 'pages/proofs', pages: ['index'] },
    // 人脸识别验证: its own subpackage (camera code; on H5 the face-api chunk loads only here).
    { root: 'pages/face', pages: ['index'] },
    { root: 'pages/restriction-query', pages: ['index'] },
    { root: 'pages/appointments', pages: ['index', 'book', 'detail'] },
    { root: 'pages/applications', pages: ['index', 'new', 'edit', 'detail'] },
  ],
  window: {
    navigationBarBackgroundColor: '#0B5FD6',
    navigationBarTitleText: '不动产登记',
    navigationBarTextStyle: 'white',
    backgroundColor: '#F2F5FA',
    backgroundTextStyle: 'dark',
  },
  lazyCodeLoading: 'requiredComponents',
})
