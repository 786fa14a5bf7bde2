import { describe, expect, it } from 'vitest'
import { groupCommit } from './group-commit'

describe('group commit', () => {
  it('writes a lone item at once, groups the items that arrive meanwhile, and answers each its own result', async () => {
    const batches: number[][] = []
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const c = groupCommit(async (items: number[]) => {
      batches.push(items)
      if (batches.length === 1) await gate
      return items.map((i) => i * 10)
    })
    const first = c.push(1)
    await new Promise((r) => setImmediate(r))
    const rest = [2, 3, 4].map((i) => c.push(i))
    release()
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40])
    expect(batches).toEqual([[1], [2, 3, 4]])
  })

  it('a failed write fails every item of its batch, and later items still go through', async () => {
    let fail = true
    const c = groupCommit(async (items: string[]) => {
      if (fail) throw new Error('db down')
      return items
    })
    const a = c.push('a')
    const b = c.push('b')
    await expect(a).rejects.toThrow('db down')
    await expect(b).rejects.toThrow('db down')
    fail = false
    expect(await c.push('c')).toBe('c')
    await c.drain()
  })

  it('never writes more than maxBatch items in one statement', async () => {
    const sizes: number[] = []
    const c = groupCommit(async (items: number[]) => (sizes.push(items.length), items), { maxBatch: 2 })
    await Promise.all([1, 2, 3, 4, 5].map((i) => c.push(i)))
    expect(sizes).toEqual([2, 2, 1])
  })
})
