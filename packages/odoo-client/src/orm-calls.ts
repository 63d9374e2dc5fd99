import { err, ok, okAsync, type Result, type ResultAsync } from 'neverthrow';
import { z } from 'zod';
import { FIELD_ATTRIBUTES, fieldsInfoSchema } from './capabilities.js';
import type { OdooRecord } from './changed-since.js';
import { invalidResponse, type OdooClientError } from './errors.js';
import type { OdooContext, OdooValues } from './client-options.js';
import type { OdooClient } from './odoo-client.js';
import { issuesOf } from './schemas.js';

/** One `execute_kw`-style call on the detected transport, retried as its method allows. */
export type CallKw = (
  model: string,
  method: string,
  args: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
) => ResultAsync<unknown, OdooClientError>;

/** The generic ORM methods of {@link OdooClient}: what every typed read is built on. */
export type OrmCalls = Pick<
  OdooClient,
  | 'call'
  | 'searchRead'
  | 'read'
  | 'readMany'
  | 'search'
  | 'searchCount'
  | 'create'
  | 'write'
  | 'unlink'
  | 'fieldsGet'
  | 'nameSearch'
>;

/** ORM methods that only read: safe to send again after any retryable error. */
export const READ_METHODS: ReadonlySet<string> = new Set([
  'search',
  'search_read',
  'read',
  'search_count',
  'fields_get',
  'name_search',
  'context_get',
  'has_group',
]);

const recordsSchema = z.array(z.looseObject({ id: z.number().int() }));
const idsSchema = z.array(z.number().int());
const countSchema = z.number().int();
const nameSearchSchema = z.array(z.tuple([z.number().int(), z.string()]));

const decode =
  <S extends z.ZodType>(schema: S) =>
  (value: unknown): Result<z.output<S>, OdooClientError> => {
    const parsed = schema.safeParse(value);
    return parsed.success ? ok(parsed.data) : err(invalidResponse(issuesOf(parsed.error)));
  };

const withContext = (context: OdooContext | undefined): Record<string, unknown> =>
  context === undefined ? {} : { context };

/** The ORM methods over one `callKw`, each decoding only the shape it returns. */
export function createOrmCalls(callKw: CallKw): OrmCalls {
  const searchRead: OdooClient['searchRead'] = (model, domain, searchOptions = {}) =>
    callKw(model, 'search_read', [domain], {
      ...(searchOptions.fields === undefined ? {} : { fields: searchOptions.fields }),
      ...(searchOptions.order === undefined ? {} : { order: searchOptions.order }),
      ...(searchOptions.limit === undefined ? {} : { limit: searchOptions.limit }),
      ...(searchOptions.offset === undefined ? {} : { offset: searchOptions.offset }),
      ...withContext(searchOptions.context),
    }).andThen(decode(recordsSchema));

  const read: OdooClient['read'] = (model, ids, fields, readOptions = {}) =>
    ids.length === 0
      ? okAsync([])
      : callKw(model, 'read', [ids], {
          ...(fields === undefined ? {} : { fields }),
          ...withContext(readOptions.context),
        }).andThen(decode(recordsSchema));

  const readMany = readInChunks(read);

  const create = ((
    model: string,
    values: OdooValues | readonly OdooValues[],
    createOptions: { readonly context?: OdooContext } = {},
  ) =>
    callKw(model, 'create', [values], withContext(createOptions.context)).andThen(
      (value): Result<number | number[], OdooClientError> =>
        Array.isArray(values) ? decode(idsSchema)(value) : decode(countSchema)(value),
    )) as OdooClient['create'];

  return {
    call: (model, method, args = [], kwargs = {}) => callKw(model, method, args, kwargs),
    searchRead,
    read,
    readMany,
    search: (model, domain, searchOptions = {}) =>
      callKw(model, 'search', [domain], {
        ...(searchOptions.order === undefined ? {} : { order: searchOptions.order }),
        ...(searchOptions.limit === undefined ? {} : { limit: searchOptions.limit }),
        ...(searchOptions.offset === undefined ? {} : { offset: searchOptions.offset }),
        ...withContext(searchOptions.context),
      }).andThen(decode(idsSchema)),
    searchCount: (model, domain, countOptions = {}) =>
      callKw(model, 'search_count', [domain], withContext(countOptions.context)).andThen(
        decode(countSchema),
      ),
    create,
    write: (model, ids, values, writeOptions = {}) =>
      callKw(model, 'write', [ids, values], withContext(writeOptions.context))
        .andThen(decode(z.boolean()))
        .map(() => true as const),
    unlink: (model, ids, unlinkOptions = {}) =>
      callKw(model, 'unlink', [ids], withContext(unlinkOptions.context))
        .andThen(decode(z.boolean()))
        .map(() => true as const),
    fieldsGet: (model, attributes = FIELD_ATTRIBUTES) =>
      callKw(model, 'fields_get', [], { attributes }).andThen(decode(fieldsInfoSchema)),
    nameSearch: (model, name, searchOptions = {}) =>
      callKw(model, 'name_search', [name, searchOptions.domain ?? []], {
        ...(searchOptions.operator === undefined ? {} : { operator: searchOptions.operator }),
        ...(searchOptions.limit === undefined ? {} : { limit: searchOptions.limit }),
      })
        .andThen(decode(nameSearchSchema))
        .map((pairs) => pairs.map(([id, displayName]) => ({ id, name: displayName }))),
  };
}

/** `readMany` over `read`: unique ids in chunks (200 by default), one `read` after the other. */
function readInChunks(read: OdooClient['read']): OdooClient['readMany'] {
  return (model, ids, fields, readOptions = {}) => {
    const size = Math.max(1, readOptions.chunkSize ?? 200);
    const unique = [...new Set(ids)];
    const chunks: number[][] = [];
    for (let start = 0; start < unique.length; start += size)
      chunks.push(unique.slice(start, start + size));
    return chunks.reduce<ResultAsync<OdooRecord[], OdooClientError>>(
      (soFar, chunk) =>
        soFar.andThen((records) =>
          read(
            model,
            chunk,
            fields,
            readOptions.context === undefined ? {} : { context: readOptions.context },
          ).map((more) => [...records, ...more]),
        ),
      okAsync([]),
    );
  };
}
