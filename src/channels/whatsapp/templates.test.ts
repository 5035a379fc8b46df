import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OutboundTemplate } from '../port';
import { createFakeGraphApi } from './fake-graph-api';
import { checkTemplateParameters, type TemplateDefinition } from './templates';
import { createWhatsAppProvider } from './whatsapp-provider';

// syncTemplates() against pages written from Meta's documentation (see the fixtures' SOURCES.md).

const API = new URL('../../../test/fixtures/whatsapp/api/', import.meta.url);
const page = (n: number): unknown =>
  JSON.parse(readFileSync(new URL(`filo_message_templates_page${n}.json`, API), 'utf8')) as unknown;

function setup(businessAccountId: string | undefined = '102290129340398') {
  const graph = createFakeGraphApi();
  const provider = createWhatsAppProvider({
    appSecret: 's',
    verifyToken: 'v',
    accessToken: 'TOKEN',
    phoneNumberId: '106540352242922',
    businessAccountId,
    fetch: graph.fetch,
  });
  return { provider, graph };
}

const THANK_YOU: TemplateDefinition = {
  id: '1234567890123451',
  name: 'donation_thank_you',
  language: 'en',
  category: 'UTILITY',
  status: 'APPROVED',
  parameterFormat: 'named',
  parameters: [
    { format: 'named', component: 'header', name: 'first_name', example: 'Giulia' },
    { format: 'named', component: 'body', name: 'amount', example: '€5.00' },
    { format: 'named', component: 'body', name: 'project', example: 'School meals' },
    { format: 'named', component: 'body', name: 'first_name', example: 'Giulia' },
  ],
  quickReplies: ['See the receipt', 'Stop updates'],
};

describe('syncTemplates', () => {
  it('reads every page through the after cursor into the registry model', async () => {
    const { provider, graph } = setup();
    graph.reply({ status: 200, body: page(1) }, { status: 200, body: page(2) });
    const result = await provider.syncTemplates();
    expect(result.templates).toEqual([
      THANK_YOU,
      {
        id: '1234567890123452',
        name: 'campaign_update',
        language: 'it',
        category: 'MARKETING',
        status: 'PENDING',
        parameterFormat: 'positional',
        parameters: [
          { format: 'positional', component: 'body', position: 1, example: 'Marco' },
          { format: 'positional', component: 'body', position: 2, example: 'Acqua pulita' },
          { format: 'positional', component: 'body', position: 3, example: '80%' },
        ],
        quickReplies: [],
      },
      {
        id: '1234567890123453',
        name: 'login_code',
        language: 'de',
        category: 'AUTHENTICATION',
        status: 'APPROVED',
        parameterFormat: 'positional',
        parameters: [{ format: 'positional', component: 'body', position: 1, example: '123456' }],
        quickReplies: [],
      },
    ]);
    expect(result.skipped).toEqual([
      { name: 'legacy_alert', language: 'en_US', reason: 'unknown_category' },
      { name: 'broken_entry', language: null, reason: 'invalid_shape' },
    ]);
    const urls = graph.requests.map((r) => new URL(r.url));
    expect(urls.map((u) => u.origin + u.pathname)).toEqual([
      'https://graph.facebook.com/v23.0/102290129340398/message_templates',
      'https://graph.facebook.com/v23.0/102290129340398/message_templates',
    ]);
    expect(urls[0]?.searchParams.get('fields')).toBe(
      'id,name,language,status,category,parameter_format,components',
    );
    expect(urls[0]?.searchParams.get('limit')).toBe('100');
    expect(urls[0]?.searchParams.has('after')).toBe(false);
    expect(urls[1]?.searchParams.get('after')).toBe('QVFIUmFmdGVyMQZDZD');
    expect(graph.requests[0]).toMatchObject({
      method: 'GET',
      headers: { authorization: 'Bearer TOKEN' },
      rawBody: null,
    });
    expect(graph.requests[0]?.headers).not.toHaveProperty('content-type');
  });

  it('stops when the cursor does not move, instead of looping', async () => {
    const { provider, graph } = setup();
    const stuck = {
      data: [],
      paging: { cursors: { after: 'SAME' }, next: 'https://graph.facebook.com/next' },
    };
    graph.reply({ status: 200, body: stuck }, { status: 200, body: stuck }, { status: 200, body: stuck });
    expect(await provider.syncTemplates()).toEqual({ templates: [], skipped: [] });
    expect(graph.requests).toHaveLength(2);
  });

  it('rejects with CHANNEL_TEMPLATE_SYNC_FAILED and the classified failure', async () => {
    const { provider, graph } = setup();
    graph.reply({
      status: 401,
      body: { error: { code: 190, message: 'Error validating access token', type: 'OAuthException' } },
    });
    await expect(provider.syncTemplates()).rejects.toMatchObject({
      code: 'CHANNEL_TEMPLATE_SYNC_FAILED',
      statusCode: 502,
      details: { failure: { kind: 'auth_invalid', action: 'pause_channel' } },
    });
  });

  it('rejects a page without data with CHANNEL_PROVIDER_RESPONSE_INVALID', async () => {
    const { provider, graph } = setup();
    graph.reply({ status: 200, body: { templates: [] } });
    await expect(provider.syncTemplates()).rejects.toMatchObject({
      code: 'CHANNEL_PROVIDER_RESPONSE_INVALID',
    });
  });

  it('needs the business account id', async () => {
    const { provider, graph } = setup('');
    await expect(provider.syncTemplates()).rejects.toMatchObject({ code: 'CHANNEL_CONFIG_INVALID' });
    expect(graph.requests).toHaveLength(0);
  });
});

describe('checkTemplateParameters', () => {
  const message: OutboundTemplate = {
    type: 'template',
    to: '393331112222',
    name: 'donation_thank_you',
    language: 'en',
    header: { type: 'text', name: 'first_name', text: 'Giulia' },
    body: {
      format: 'named',
      values: [
        { name: 'amount', text: '€5,00' },
        { name: 'project', text: 'Mense scolastiche' },
        { name: 'first_name', text: 'Giulia' },
      ],
    },
    quickReplyPayloads: ['receipt', 'stop'],
  };

  it('accepts a message that fills exactly the template', () => {
    expect(checkTemplateParameters(THANK_YOU, message)).toBeNull();
  });

  it.each([
    ['another template', { ...message, name: 'other' }, 'CHANNEL_TEMPLATE_NAME_INVALID'],
    ['another language', { ...message, language: 'it' }, 'CHANNEL_TEMPLATE_NAME_INVALID'],
    ['a missing header', { ...message, header: undefined }, 'CHANNEL_TEMPLATE_PARAMETER_INVALID'],
    [
      'a missing body value',
      { ...message, body: { format: 'named', values: [{ name: 'amount', text: '1' }] } },
      'CHANNEL_TEMPLATE_PARAMETER_INVALID',
    ],
    [
      'a misnamed body value',
      {
        ...message,
        body: {
          format: 'named',
          values: [
            { name: 'amount', text: '1' },
            { name: 'project', text: 'p' },
            { name: 'name', text: 'G' },
          ],
        },
      },
      'CHANNEL_TEMPLATE_PARAMETER_INVALID',
    ],
    [
      'positional values for a named template',
      { ...message, body: { format: 'positional', values: ['1', 'p', 'G'] } },
      'CHANNEL_TEMPLATE_PARAMETER_INVALID',
    ],
    [
      'a third quick reply',
      { ...message, quickReplyPayloads: ['a', 'b', 'c'] },
      'CHANNEL_TEMPLATE_PARAMETER_INVALID',
    ],
  ] as [string, OutboundTemplate, string][])('refuses %s', (_, changed, code) => {
    expect(checkTemplateParameters(THANK_YOU, changed)).toMatchObject({ code });
  });
});
