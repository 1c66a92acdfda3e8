/** 门店 */
export interface Store {
  id: number
  code: string
  name: string
  city: string
  address: string
  phone: string
  active: boolean
  created_at: string
  updated_at: string
}

export type StoreInput = Pick<Store, 'code' | 'name' | 'city' | 'address' | 'phone'>
