import { create } from 'zustand'
import type { PropertyDetail, PropertyList } from '@bdc/shared/api'

/**
 * A small cache so going list → detail → back does not refetch, and the detail page can show
 * the summary fields at once. Cleared on logout: it holds one citizen's data.
 */
export interface PropertiesState {
  list: PropertyList | null
  details: Record<string, PropertyDetail>
  setList(list: PropertyList): void
  setDetail(detail: PropertyDetail): void
  clear(): void
}

export const useProperties = create<PropertiesState>()((set) => ({
  list: null,
  details: {},
  setList: (list) => set({ list }),
  setDetail: (detail) => set((s) => ({ details: { ...s.details, [detail.unitCode]: detail } })),
  clear: () => set({ list: null, details: {} }),
}))
