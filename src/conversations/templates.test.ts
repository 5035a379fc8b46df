import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelErrors, type TemplateDefinition, type TemplateSyncResult } from '../channels';
import { FiloError } from '../core';
import { createTestStore, ENGINES, type TestStore } from '../store/testing';
import { TemplateRegistry, type TemplateSource } from './templates';

// The template registry on both engines, with a scripted Graph API: what a sync writes, what it marks
// DELETED, what it records when Meta refuses, and what a send is told about a template.

const ACCOUNT = '200000000000001';

function template(over: Partial<TemplateDefinition> & { name: string }): TemplateDefinition {
  return {
    id: `9${over.name.length}${over.language ?? 'it'}`,
    language: 'it',
    category: 'UTILITY',
    status: 'APPROVED',
    parameterFormat: 'named',
    parameters: [{ format: 'named', component: 'body', name: 'first_name', example: 'Giulia' }],
    quickReplies: [],
    ...over,
  };
}

class ScriptedSource implements TemplateSource {
  calls = 0;
  next: TemplateSyncResult | Error = { templates: [], skipped: [] };
  async syncTemplates(): Promise<TemplateSyncResult> {
    this.calls++;
    await new Promise((resolve) => setImmediate(resolve));
    if (this.next instanceof Error) throw this.next;
    return this.next;
  }
}

const restart = { type: 'template', name: 'conversation_restart', language: 'it' } as const;
const named = (first: string) =>
  ({
    ...restart,
    body: { format: 'named', values: [{ name: 'first_name', text: first }] },
  }) as const;

describe.each(ENGINES)('TemplateRegistry (%s)', (engine) => {
  let store: TestStore;
  let source: ScriptedSource;
  let now: number;
  let registry: TemplateRegistry;

  beforeAll(async () => {
    store = await createTestStore(engine);
  });
  afterAll(async () => store.dispose());
  beforeEach(async () => {
    await store.store.db.deleteFrom('whatsapp_templates').execute();
    await store.store.db.deleteFrom('whatsapp_template_syncs').execute();
    source = new ScriptedSource();
    now = Date.parse('2026-03-01T10:00:00Z');
    registry = new TemplateRegistry({
      store: store.store,
      clock: { now: () => new Date(now) },
      source,
      accountId: ACCOUNT,
    });
  });

  it('stores name, language, category, parameters and status, and lists them', async () => {
    source.next = {
      templates: [
        template({ name: 'conversation_restart' }),
        template({ name: 'conversation_restart', language: 'en', id: '77' }),
        template({
          name: 'campaign_update',
          category: 'MARKETING',
          status: 'PAUSED',
          parameterFormat: 'positional',
          parameters: [{ format: 'positional', component: 'body', position: 1, example: 'Marco' }],
          quickReplies: ['Dimmi di più', 'Stop'],
        }),
      ],
      skipped: [{ name: 'odd', language: 'it', reason: 'unknown_category' }],
    };
    expect(await registry.sync()).toEqual({ templates: 3, skipped: 1, removed: 0 });
    const list = await registry.list();
    expect(list.map((t) => `${t.name}/${t.language}/${t.category}/${t.status}`)).toEqual([
      'campaign_update/it/MARKETING/PAUSED',
      'conversation_restart/en/UTILITY/APPROVED',
      'conversation_restart/it/UTILITY/APPROVED',
    ]);
    expect(list[0]).toMatchObject({
      parameterFormat: 'positional',
      parameters: [{ format: 'positional', component: 'body', position: 1, example: 'Marco' }],
      quickReplies: ['Dimmi di più', 'Stop'],
      syncedAt: '2026-03-01T10:00:00.000Z',
    });
    expect(await registry.state()).toEqual({
      attemptedAt: '2026-03-01T10:00:00.000Z',
      succeededAt: '2026-03-01T10:00:00.000Z',
      error: null,
      skipped: [{ name: 'odd', language: 'it', reason: 'unknown_category' }],
      templateCount: 3,
    });
  });

  it('updates what changed and marks what is no longer listed DELETED; a template can come back', async () => {
    source.next = { templates: [template({ name: 'a' }), template({ name: 'b' })], skipped: [] };
    await registry.sync();
    now += 3_600_000;
    source.next = { templates: [template({ name: 'a', status: 'PAUSED' })], skipped: [] };
    expect(await registry.sync()).toEqual({ templates: 1, skipped: 0, removed: 1 });
    expect((await registry.list()).map((t) => `${t.name}:${t.status}`)).toEqual(['a:PAUSED', 'b:DELETED']);
    source.next = { templates: [template({ name: 'a' }), template({ name: 'b' })], skipped: [] };
    expect(await registry.sync()).toEqual({ templates: 2, skipped: 0, removed: 0 });
    expect((await registry.list()).map((t) => `${t.name}:${t.status}`)).toEqual(['a:APPROVED', 'b:APPROVED']);
  });

  it('records a refused sync and keeps the templates it had', async () => {
    source.next = { templates: [template({ name: 'conversation_restart' })], skipped: [] };
    await registry.sync();
    now += 60_000;
    source.next = new FiloError(ChannelErrors.CHANNEL_TEMPLATE_SYNC_FAILED, {
      message: 'Could not read message templates: (#190) Invalid OAuth access token',
    });
    await expect(registry.sync()).rejects.toMatchObject({ code: 'CHANNEL_TEMPLATE_SYNC_FAILED' });
    expect(await registry.state()).toMatchObject({
      attemptedAt: '2026-03-01T10:01:00.000Z',
      succeededAt: '2026-03-01T10:00:00.000Z',
      error: { code: 'CHANNEL_TEMPLATE_SYNC_FAILED' },
      templateCount: 1,
    });
    expect(await registry.list()).toHaveLength(1);
    expect((await registry.check(named('Giulia'))).kind).toBe('ok');
  });

  it('runs one sync at a time for concurrent callers', async () => {
    source.next = { templates: [template({ name: 'a' })], skipped: [] };
    const results = await Promise.all([registry.sync(), registry.sync(), registry.sync()]);
    expect(source.calls).toBe(1);
    expect(results).toHaveLength(3);
  });

  it('judges a template: approved and filled, unknown, not approved, wrongly filled', async () => {
    source.next = {
      templates: [
        template({ name: 'conversation_restart' }),
        template({ name: 'paused_one', status: 'PAUSED' }),
        template({ name: 'rejected_one', status: 'REJECTED' }),
      ],
      skipped: [],
    };
    // Never synced: the first check reads the list itself.
    expect(await registry.check(named('Giulia'))).toMatchObject({ kind: 'ok' });
    expect(source.calls).toBe(1);

    const unknown = await registry.check({ type: 'template', name: 'no_such', language: 'it' });
    expect(unknown).toMatchObject({ kind: 'refused', error: { code: 'CONVERSATION_TEMPLATE_UNKNOWN' } });
    // Same language only: an Italian template does not answer for German.
    const german = await registry.check({ ...named('Giulia'), language: 'de' });
    expect(german).toMatchObject({ kind: 'refused', error: { code: 'CONVERSATION_TEMPLATE_UNKNOWN' } });
    for (const name of ['paused_one', 'rejected_one']) {
      const verdict = await registry.check({ ...named('Giulia'), name });
      expect(verdict).toMatchObject({
        kind: 'refused',
        error: { code: 'CONVERSATION_TEMPLATE_NOT_APPROVED', statusCode: 409 },
      });
    }
    const missing = await registry.check(restart);
    expect(missing).toMatchObject({
      kind: 'refused',
      error: { code: 'CONVERSATION_TEMPLATE_INVALID', details: { field: 'body' } },
    });
    const wrongName = await registry.check({
      ...restart,
      body: { format: 'named', values: [{ name: 'name', text: 'Giulia' }] },
    });
    expect(wrongName).toMatchObject({
      kind: 'refused',
      error: { code: 'CONVERSATION_TEMPLATE_INVALID', details: { field: 'body.first_name' } },
    });
    // Within a minute of the last sync, unknown names do not re-read the list.
    expect(source.calls).toBe(1);
  });

  it('re-reads the list for a template it lacks, at most once a minute', async () => {
    source.next = { templates: [], skipped: [] };
    await registry.sync();
    now += 61_000;
    // Approved on Meta's side since the last sync.
    source.next = { templates: [template({ name: 'conversation_restart' })], skipped: [] };
    expect((await registry.check(named('Giulia'))).kind).toBe('ok');
    expect(source.calls).toBe(2);
    expect((await registry.check({ ...named('x'), name: 'still_missing' })).kind).toBe('refused');
    expect(source.calls).toBe(2);
  });

  it('says so when the list cannot be read yet, and has nothing to say without an account', async () => {
    source.next = new FiloError(ChannelErrors.CHANNEL_TEMPLATE_SYNC_FAILED);
    expect(await registry.check(named('Giulia'))).toMatchObject({
      kind: 'unavailable',
      error: { code: 'CHANNEL_TEMPLATE_SYNC_FAILED' },
    });
    const none = new TemplateRegistry({
      store: store.store,
      clock: { now: () => new Date(now) },
      source,
      accountId: null,
    });
    expect(none.enabled).toBe(false);
    expect(await none.check(named('Giulia'))).toEqual({ kind: 'unchecked' });
    expect(await none.list()).toEqual([]);
    await expect(none.sync()).rejects.toMatchObject({ code: 'CONVERSATION_CHANNEL_NOT_CONFIGURED' });
  });
});
