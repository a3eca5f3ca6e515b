import { describe, expect, it } from 'vitest';
import { buildFromOwaVersionHeader, serverNameFromHeaders } from './build-from-headers.js';
import { buildFromOwaPath } from './build-from-owa-path.js';
import { buildFromManifest } from './build-from-manifest.js';
import { exchangeSignals } from './exchange-signals.js';
import { serviceState } from './services.js';
import type { ProbeResponse } from '../types.js';

const res = (over: Partial<ProbeResponse>): ProbeResponse => ({
  status: 200,
  headers: {},
  body: '',
  truncated: false,
  httpVersion: '1.1',
  ...over,
});

describe('fingerprint extractors', () => {
  it('X-OWA-Version gives an exact build; junk is ignored', () => {
    expect(buildFromOwaVersionHeader(res({ headers: { 'x-owa-version': '15.1.2176.9' } }))).toEqual({
      build: '15.1.2176.9',
      precision: 'exact',
      source: 'x-owa-version',
    });
    expect(buildFromOwaVersionHeader(res({ headers: { 'x-owa-version': '15.1.2176' } }))).toBeNull();
    expect(buildFromOwaVersionHeader(res({ headers: { 'x-owa-version': '<script>' } }))).toBeNull();
  });

  it('OWA resource paths give CU precision only (GossiTheDog/scanning #4)', () => {
    const body =
      '<link href="/owa/auth/15.2.792/themes/resources/favicon.ico"><script src="/owa/auth/15.2.792/scripts/a.js"></script><img src="/owa/14.3.123.4/x.gif">';
    expect(buildFromOwaPath(res({ body }))).toEqual({
      build: '15.2.792',
      precision: 'cu',
      source: 'owa-path',
    });
    expect(buildFromOwaPath(res({ body: '<html>no build</html>' }))).toBeNull();
  });

  it('the export-tool manifest gives the exact 4-part build', () => {
    const body =
      '<asmv1:assembly><assemblyIdentity name="microsoft.exchange.ediscovery.exporttool.application" version="15.2.1118.20" publicKeyToken="x" /></asmv1:assembly>';
    expect(buildFromManifest(res({ body }))).toEqual({
      build: '15.2.1118.20',
      precision: 'exact',
      source: 'export-tool-manifest',
    });
    expect(buildFromManifest(res({ status: 404, body }))).toBeNull();
  });

  it('server name comes from X-FEServer', () => {
    expect(serverNameFromHeaders(res({ headers: { 'x-feserver': 'EXCH01' } }))).toBe('EXCH01');
    expect(serverNameFromHeaders(res({}))).toBeNull();
  });

  it('Exchange needs two signals, one specific, and no catch-all', () => {
    const owa = res({
      headers: { 'x-feserver': 'EX1' },
      body: '<title>Outlook</title><link href="/owa/auth/15.1.2176/themes/resources/favicon.ico"><form action="/owa/auth.owa">',
    });
    expect(exchangeSignals(owa, res({ status: 404, body: 'nf' })).exchange).toBe(true);
    // A honeypot answering every path with the same page is not Exchange.
    expect(exchangeSignals(owa, owa)).toMatchObject({ exchange: false, catchAll: true });
    // A title alone is not Exchange.
    expect(
      exchangeSignals(res({ body: '<title>Outlook</title><form action="/owa/auth.owa">' }), null).exchange,
    ).toBe(false);
  });

  it('services: 401/302/200 answer, 404 is absent, failures are errors', () => {
    expect(serviceState({ ok: true, response: res({ status: 401 }) })).toBe('answers');
    expect(serviceState({ ok: true, response: res({ status: 404 }) })).toBe('absent');
    expect(serviceState({ ok: false, error: { code: 'timeout', message: 'x' } })).toBe('error');
  });
});
