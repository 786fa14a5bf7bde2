import { describe, expect, it } from 'vitest'
import { createLogger } from './logger'

describe('logger', () => {
  it('writes one JSON line per event and drops fields that look personal', () => {
    const lines: string[] = []
    const log = createLogger('info', { svc: 't' }, (l) => lines.push(l)).child({ requestId: 'r1' })
    log.info('login', { name: '张伟', idNumber: '510107199001011234', phone: '13800000000', sessionId: 's1', ms: 3 })
    log.debug('hidden')
    expect(lines).toHaveLength(1)
    const rec = JSON.parse(lines[0]!)
    expect(rec).toMatchObject({ level: 'info', msg: 'login', svc: 't', requestId: 'r1', sessionId: 's1', ms: 3 })
    expect(lines[0]).not.toContain('张伟')
    expect(lines[0]).not.toContain('510107199001011234')
    expect(lines[0]).not.toContain('13800000000')
  })
})
