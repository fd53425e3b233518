import { describe, expect, it } from 'vitest';
import { pagePing, pageView, structEvent, transaction, transactionItem } from './events.ts';

describe('event builders', () => {
  it('use the tracker-protocol field names and drop what is not given', () => {
    expect(pageView({ title: 'Home' })).toEqual({ e: 'pv', page: 'Home' });
    expect(structEvent({ category: 'shop', action: 'add', value: 2.5 })).toEqual({ e: 'se', se_ca: 'shop', se_ac: 'add', se_va: '2.5' });
    expect(pagePing('T', [0, 10, 5, 600])).toEqual({ e: 'pp', page: 'T', pp_max: '10', pp_miy: '5', pp_may: '600' });
    expect(transaction({ orderId: 'o1', total: 10, currency: 'EUR' })).toEqual({ e: 'tr', tr_id: 'o1', tr_tt: '10', tr_cu: 'EUR' });
    expect(transactionItem({ orderId: 'o1', sku: 's', name: 'Shoe', price: 5, quantity: 2 })).toEqual({ e: 'ti', ti_id: 'o1', ti_sk: 's', ti_nm: 'Shoe', ti_pr: '5', ti_qu: '2' });
  });
});
