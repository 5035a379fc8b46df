import { defineErrors } from '../../core';

// The knowledge base's error catalogue. Codes are stable; a retired code is never reused.
export const KnowledgeErrors = defineErrors({
  KNOWLEDGE_NOT_FOUND: { statusCode: 404, message: 'No such knowledge entry' },
  KNOWLEDGE_INVALID: { statusCode: 400, message: 'Invalid knowledge entry' },
  KNOWLEDGE_SOURCE_TAKEN: {
    statusCode: 409,
    message: 'Another entry in this language already uses this source id',
  },
  KNOWLEDGE_CONFLICT: {
    statusCode: 409,
    message: 'The entry was changed by someone else; reload it and try again',
  },
  KNOWLEDGE_READ_ONLY: {
    statusCode: 409,
    message: 'Project pages are made from the project; edit the project instead',
  },
});
