import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CoreErrors, FiloError } from '../core';
import { base64Encode, parseTilePath } from '../tlog';
import { TransparencyErrors } from './errors';
import type { TransparencyLog } from './log';

// The log over HTTP: the C2SP tlog-tiles paths under /log/ (static-looking, cacheable resources that
// any tlog client can read), the verifier key, and a small JSON API for the checkpoint history and
// consistency proofs used by the public transparency page.

const IMMUTABLE = 'public, max-age=31536000, immutable';

export function logRoutes(log: TransparencyLog): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/log/checkpoint',
      {
        schema: {
          tags: ['log'],
          summary: 'The latest signed checkpoint (C2SP tlog-checkpoint in a signed note)',
        },
      },
      async (_request, reply) => {
        const checkpoint = await log.latestCheckpoint();
        if (!checkpoint) throw new FiloError(TransparencyErrors.LOG_TILE_NOT_FOUND);
        // Mutable: caches may keep it for a couple of seconds at most (tlog-tiles).
        return reply
          .type('text/plain; charset=utf-8')
          .header('cache-control', 'public, max-age=2')
          .send(checkpoint.note);
      },
    );

    app.get(
      '/log/key',
      { schema: { tags: ['log'], summary: "The log's verifier key (signed-note vkey format)" } },
      async (_request, reply) =>
        reply
          .type('text/plain; charset=utf-8')
          .header('cache-control', 'public, max-age=3600')
          .send(`${log.verifierKey}\n`),
    );

    app.get(
      '/log/tile/*',
      {
        schema: {
          tags: ['log'],
          summary: 'A Merkle tile (tile/<L>/<N>[.p/<W>]) or an entry bundle (tile/entries/<N>[.p/<W>])',
        },
      },
      async (request, reply) => {
        const path = `tile/${(request.params as { '*': string })['*']}`;
        let ref;
        try {
          ref = parseTilePath(path);
        } catch {
          throw new FiloError(TransparencyErrors.LOG_TILE_NOT_FOUND, {
            message: `${path} is not a tile path`,
          });
        }
        const data = await log.tile(ref);
        if (!data)
          throw new FiloError(TransparencyErrors.LOG_TILE_NOT_FOUND, {
            message: `${path} does not exist (yet)`,
          });
        return reply
          .type('application/octet-stream')
          .header('cache-control', IMMUTABLE)
          .send(Buffer.from(data));
      },
    );

    const CheckpointJson = Type.Object({
      size: Type.Integer(),
      rootHash: Type.String({ description: 'base64' }),
      createdAt: Type.String(),
      note: Type.String(),
    });

    app.get(
      '/api/v1/public/log',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: "The log's identity, size and checkpoint history (newest first)",
          querystring: Type.Object(
            {
              limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
              beforeSize: Type.Optional(Type.Integer({ minimum: 0 })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              origin: Type.String(),
              verifierKey: Type.String(),
              size: Type.Integer(),
              checkpoints: Type.Array(CheckpointJson),
            }),
          },
        },
      },
      async (request) => {
        const checkpoints = await log.checkpoints(request.query);
        return {
          origin: log.origin,
          verifierKey: log.verifierKey,
          size: await log.size(),
          checkpoints: checkpoints.map((c) => ({
            size: c.size,
            rootHash: base64Encode(c.rootHash),
            createdAt: c.createdAt,
            note: c.note,
          })),
        };
      },
    );

    app.get(
      '/api/v1/public/log/consistency',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'An RFC 6962 consistency proof between two tree sizes',
          querystring: Type.Object(
            { from: Type.Integer({ minimum: 0 }), to: Type.Integer({ minimum: 0 }) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              from: Type.Integer(),
              to: Type.Integer(),
              proof: Type.Array(Type.String({ description: 'base64' })),
            }),
            400: Type.Ref('ErrorBody'),
          },
        },
      },
      async (request) => {
        const { from, to } = request.query;
        if (from > to)
          throw new FiloError(CoreErrors.VALIDATION_FAILED, { message: 'from must not exceed to' });
        const proof = await log.consistencyProof(from, to);
        return { from, to, proof: proof.map(base64Encode) };
      },
    );
  };
}
