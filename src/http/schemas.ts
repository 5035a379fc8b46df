import { Type, type Static, type TSchema } from '@sinclair/typebox';

// Schemas shared by many routes. Every route declares its own body, params, query and response.

export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable error code' }),
    error: Type.String(),
    message: Type.String(),
    requestId: Type.String(),
    details: Type.Optional(Type.Unknown()),
  },
  { $id: 'ErrorBody', title: 'Error' },
);
export type ErrorBody = Static<typeof ErrorBody>;

export const errorRef = Type.Ref('ErrorBody');

/** The error responses every protected route can give, merged into its own response schema. */
export function withErrors<T extends Record<number, TSchema>>(ok: T): T & Record<number, TSchema> {
  return {
    400: errorRef,
    401: errorRef,
    403: errorRef,
    404: errorRef,
    409: errorRef,
    413: errorRef,
    415: errorRef,
    429: errorRef,
    ...ok,
  };
}

export const Money = Type.Integer({ description: 'Integer amount in minor units (cents) of the currency' });
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code' });
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export const Slug = Type.String({ minLength: 1, maxLength: 80, pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' });
export const Role = Type.Union([
  Type.Literal('owner'),
  Type.Literal('fundraiser'),
  Type.Literal('agent'),
  Type.Literal('accountant'),
  Type.Literal('auditor'),
]);
export const Language = Type.Union([
  Type.Literal('it'),
  Type.Literal('en'),
  Type.Literal('de'),
  Type.Literal('es'),
  Type.Literal('fr'),
]);

export const OrganisationBody = Type.Object({
  name: Type.String(),
  legalName: Type.String(),
  description: Type.String(),
  country: Type.String(),
  currency: Currency,
  language: Type.String(),
});

export const CampaignBody = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  goalMinor: Money,
  raisedMinor: Money,
  currency: Currency,
  status: Type.String(),
  startsAt: Type.Union([Type.String(), Type.Null()]),
  endsAt: Type.Union([Type.String(), Type.Null()]),
});

export const ProjectBody = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
});
