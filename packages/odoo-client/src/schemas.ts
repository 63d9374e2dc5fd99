import { err, ok, type Result } from 'neverthrow';
import type { z } from 'zod';
import { invalidResponse, type OdooClientError, type OdooResponseIssue } from './errors.js';

/** Flattens zod issues into path + message pairs for `invalid-response` errors. */
export function issuesOf(error: z.ZodError): OdooResponseIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** Parses a response body as JSON; a body that is not JSON is an `invalid-response`. */
export function parseJsonText(text: string): Result<unknown, OdooClientError> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return err(invalidResponse([{ path: '', message: `Body is not JSON: ${text.slice(0, 200)}` }]));
  }
}
