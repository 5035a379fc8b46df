import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { BankEntry, BankImport, ReconciliationService } from '../../src/payments/reconciliation';
import type { TestApp } from '../support/app';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function fixture(name: string): Buffer {
  return readFileSync(path.join(DIR, name));
}

export function serviceOf(t: TestApp): ReconciliationService {
  const m = t.modules.find((x) => x.name === 'reconciliation');
  if (!m) throw new Error('the reconciliation module is not built');
  return m.service as ReconciliationService;
}

export const ITALIAN_BANK_MAPPING = {
  name: 'Banca Esempio (CSV)',
  settings: {
    delimiter: ';',
    decimalSeparator: ',',
    dateFormat: 'DD/MM/YYYY',
    encoding: 'latin1',
    skipLines: 2,
    defaultCurrency: 'EUR',
    accountIban: 'IT02A0301503200000003517230',
    columns: {
      date: 'Data contabile',
      valueDate: 'Data valuta',
      debit: 'Dare',
      credit: 'Avere',
      currency: 'Divisa',
      counterpartyName: 'Ordinante',
      iban: 'IBAN ordinante',
      remittance: 'Causale',
      reference: 'Riferimento',
    },
  },
} as const;

export async function upload(
  app: FastifyInstance,
  key: string,
  file: Uint8Array,
  filename: string,
  mappingId?: string,
): Promise<{ statusCode: number; body: BankImport & { code?: string; message?: string } }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/bank-imports',
    headers: { authorization: `Bearer ${key}` },
    payload: {
      filename,
      contentBase64: Buffer.from(file).toString('base64'),
      ...(mappingId ? { mappingId } : {}),
    },
  });
  return { statusCode: res.statusCode, body: res.json() };
}

export async function waitForImport(
  app: FastifyInstance,
  key: string,
  id: string,
  timeoutMs = 15_000,
): Promise<BankImport> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/bank-imports/${id}`,
      headers: { authorization: `Bearer ${key}` },
    });
    const body = res.json<BankImport>();
    if (body.status === 'completed' || body.status === 'failed') return body;
    if (Date.now() > until) throw new Error(`import ${id} still ${body.status}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

export async function entries(app: FastifyInstance, key: string, url: string): Promise<BankEntry[]> {
  const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json<{ items: BankEntry[] }>().items;
}
