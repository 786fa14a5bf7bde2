/** Routes of the 网上申请 subpackage. */
export const APPLICATION_PAGES = {
  list: '/pages/applications/index',
  create: '/pages/applications/new',
  edit: '/pages/applications/edit',
  detail: '/pages/applications/detail',
} as const
