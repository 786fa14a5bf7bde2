import type { AccessRecordList } from '@bdc/shared/access-records'
import { call, client } from './client'

/** 我的查询记录: who looked at my property, newest first; `before` pages back, `unit` narrows to one unit. */
export const accessRecordsApi = {
  list: (opts: { unit?: string; before?: string } = {}): Promise<AccessRecordList> =>
    call(client['access-records'].$get({ query: { ...(opts.unit ? { unit: opts.unit } : {}), ...(opts.before ? { before: opts.before } : {}) } })),
}
