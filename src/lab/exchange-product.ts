/**
 * @module lab/exchange-product
 * Per product line, what differs on the wire: the IIS version in `Server`, the login page title.
 */
import type { Product } from '../knowledge/index.js';

export interface ExchangeProduct {
  iis: string;
  title: string;
}

const PRODUCTS: Record<Product, ExchangeProduct> = {
  '2010': { iis: 'Microsoft-IIS/7.5', title: 'Outlook Web App' },
  '2013': { iis: 'Microsoft-IIS/8.5', title: 'Outlook' },
  '2016': { iis: 'Microsoft-IIS/10.0', title: 'Outlook' },
  '2019': { iis: 'Microsoft-IIS/10.0', title: 'Outlook' },
  SE: { iis: 'Microsoft-IIS/10.0', title: 'Outlook' },
};

export function exchangeProduct(p: Product): ExchangeProduct {
  return PRODUCTS[p];
}
