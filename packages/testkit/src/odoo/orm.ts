import {
  compareScalars,
  domainMentions,
  matchesDomain,
  parseDomain,
  validateDomain,
  type DomainSource,
} from './domain.js';
import {
  invalidFieldError,
  missingError,
  missingRequiredError,
  OdooServerError,
  unknownModelError,
  wrongSelectionValueError,
} from './errors.js';
import type { FieldDefinition, ModelDefinition, ModelVariant } from './field-definitions.js';
import type { RecordStore, StoredRecord, StoreView } from './record-store.js';
import {
  formatDatetime,
  parseDateInput,
  parseDatetimeInput,
  toWireDatetime,
} from './value-encoding.js';

/** One ORM call's environment: who, with which context, and the transaction's timestamp. */
export interface OrmEnv {
  readonly uid: number;
  readonly context: Readonly<Record<string, unknown>>;
  /** Transaction start time (epoch ms): `write_date` of everything written in this transaction. */
  readonly now: number;
  /** RPC calls see committed data only; direct seeding sees everything. */
  readonly view: StoreView;
  /** Record-level changes made in this transaction, in order (automation rules react to them). */
  readonly changes: ChangeEvent[];
}

/** A change automation rules can react to. */
export interface ChangeEvent {
  readonly kind: 'create' | 'write' | 'unlink';
  readonly model: string;
  readonly ids: readonly number[];
  /** The fields the caller wrote (for `write`). */
  readonly fields: readonly string[];
  /** Rows as they were before a write or an unlink (rows are gone after an unlink). */
  readonly before?: ReadonlyMap<number, StoredRecord>;
}

/** `read` value encoding: `[id, name]` pairs for many2one (the default) or bare ids (`load: null`). */
export type ReadLoad = 'classic' | 'none';

/** Model-specific behaviour plugged into the generic ORM. */
export interface ModelRules {
  /** Fills defaults into the values of a new record (mutates `vals`). */
  defaults?(orm: Orm, env: OrmEnv, vals: Record<string, unknown>): void;
  /** Adjusts a write's values before they are applied (may drop or change keys). */
  beforeWrite?(
    orm: Orm,
    env: OrmEnv,
    ids: readonly number[],
    vals: Record<string, unknown>,
  ): Record<string, unknown>;
  /** Reacts after records were created (side records, stored computations). */
  afterCreate?(
    orm: Orm,
    env: OrmEnv,
    ids: readonly number[],
    vals: readonly Record<string, unknown>[],
  ): void;
  /** Reacts after a write, knowing the rows as they were before. */
  afterWrite?(
    orm: Orm,
    env: OrmEnv,
    ids: readonly number[],
    vals: Record<string, unknown>,
    before: ReadonlyMap<number, StoredRecord>,
  ): void;
  /** Adds records deleted along with the given ones (subtasks). */
  expandUnlink?(orm: Orm, env: OrmEnv, ids: readonly number[]): number[];
  /** Checks (and side effects) before records are deleted; throw to refuse the delete. */
  beforeUnlink?(orm: Orm, env: OrmEnv, ids: readonly number[]): void;
  /** Constraints checked after create and write; throw to roll back. */
  validate?(orm: Orm, env: OrmEnv, ids: readonly number[]): void;
  /** The fields `compute` handles (others are read as stored, without calling it). */
  computed?: ReadonlySet<string>;
  /** Computes a non-stored field, or returns undefined to use the stored value. */
  compute?(orm: Orm, env: OrmEnv, id: number, field: string): unknown;
  /** Fields whose read needs a group the simulated admin lacks: field → group label. */
  groupGated?: Readonly<Record<string, string>>;
  /** Default `order` of `search`. */
  order?: string;
}

/** A relation stored on the other side: one2many through a many2one, or the mirror of a many2many. */
interface Inverse {
  readonly model: string;
  readonly field: string;
  readonly kind: 'many2one' | 'many2many';
}

/** The generic ORM of the simulated database. */
export interface Orm {
  readonly variant: ModelVariant;
  readonly store: RecordStore;
  readonly models: ReadonlyMap<string, ModelDefinition>;
  model(name: string): ModelDefinition;
  field(model: string, name: string): FieldDefinition | undefined;
  create(env: OrmEnv, model: string, valsList: readonly Record<string, unknown>[]): number[];
  write(env: OrmEnv, model: string, ids: readonly number[], vals: Record<string, unknown>): void;
  unlink(env: OrmEnv, model: string, ids: readonly number[]): void;
  read(
    env: OrmEnv,
    model: string,
    ids: readonly number[],
    fields?: readonly string[],
    load?: ReadLoad,
  ): Record<string, unknown>[];
  search(env: OrmEnv, model: string, domain: unknown, options?: SearchOptions): number[];
  /** A field's value as stored or computed (many2one as id or false, x2many as ids). */
  value(env: OrmEnv, model: string, id: number, field: string): unknown;
  displayName(env: OrmEnv, model: string, id: number): string;
  exists(env: OrmEnv, model: string, id: number): boolean;
  /** Raises MissingError unless every id exists. */
  ensureExist(env: OrmEnv, model: string, ids: readonly number[]): void;
  /** Writes stored values directly: no rules, no change event (stored computed fields, log fields). */
  writeStored(env: OrmEnv, model: string, id: number, values: Record<string, unknown>): void;
}

/** Options of `search` and `search_read`. */
export interface SearchOptions {
  readonly offset?: number;
  readonly limit?: number | false | null;
  readonly order?: string | false | null;
}

const LOG_FIELDS = new Set([
  'id',
  'create_uid',
  'create_date',
  'write_uid',
  'write_date',
  '__last_update',
  'display_name',
]);

/**
 * Creates the ORM over a record store.
 *
 * @example
 * const orm = createOrm({ variant, store, models, rules, inverses });
 */
export function createOrm(options: {
  readonly variant: ModelVariant;
  readonly store: RecordStore;
  readonly models: ReadonlyMap<string, ModelDefinition>;
  readonly rules: Readonly<Record<string, ModelRules>>;
  readonly inverses: Readonly<Record<string, Inverse>>;
}): Orm {
  const { store, models, rules, inverses } = options;

  const model = (name: string): ModelDefinition => {
    const definition = models.get(name);
    if (definition === undefined) throw unknownModelError(name);
    return definition;
  };
  const field = (modelName: string, name: string): FieldDefinition | undefined =>
    models.get(modelName)?.fields[name];

  const exists = (env: OrmEnv, modelName: string, id: number): boolean =>
    store.get(modelName, id, env.view) !== undefined;

  const ensureExist = (env: OrmEnv, modelName: string, ids: readonly number[]): void => {
    const missing = ids.filter((id) => !exists(env, modelName, id));
    if (missing.length > 0) throw missingError(modelName, missing, env.uid);
  };

  const inverseKey = (modelName: string, name: string): string => `${modelName}.${name}`;

  const value = (env: OrmEnv, modelName: string, id: number, name: string): unknown => {
    const record = store.get(modelName, id, env.view);
    if (record === undefined) return false;
    if (name === 'id') return id;
    if (name === 'display_name') return displayName(env, modelName, id);
    if (name === '__last_update') return record.write_date ?? false;
    const rule = rules[modelName];
    if (rule?.compute !== undefined && (rule.computed === undefined || rule.computed.has(name))) {
      const computed = rule.compute(orm, env, id, name);
      if (computed !== undefined) return computed;
    }
    const inverse = inverses[inverseKey(modelName, name)];
    if (inverse !== undefined) {
      return store.ids(inverse.model, env.view).filter((otherId) => {
        const other = store.get(inverse.model, otherId, env.view)?.[inverse.field];
        return inverse.kind === 'many2one'
          ? other === id
          : Array.isArray(other) && other.includes(id);
      });
    }
    if (name in record) return record[name];
    const definition = field(modelName, name);
    return definition === undefined ? false : emptyValue(definition);
  };

  const displayName = (env: OrmEnv, modelName: string, id: number): string => {
    const computed = rules[modelName]?.compute?.(orm, env, id, 'display_name');
    if (typeof computed === 'string') return computed;
    const name = store.get(modelName, id, env.view)?.name;
    return typeof name === 'string' ? name : `${modelName},${id}`;
  };

  const domainSource = (env: OrmEnv): DomainSource => ({
    field,
    value: (modelName, id, name) => value(env, modelName, id, name),
    allIds: (modelName) => store.ids(modelName, env.view),
  });

  const convert = (
    env: OrmEnv,
    modelName: string,
    name: string,
    definition: FieldDefinition,
    input: unknown,
    current: unknown,
  ): unknown => {
    switch (definition.type) {
      case 'many2one':
        if (input === false || input === null || input === 0) return false;
        if (Array.isArray(input) && typeof input[0] === 'number') return input[0];
        if (typeof input === 'number') return input;
        throw new OdooServerError(
          'builtins.ValueError',
          `Wrong value for ${modelName}.${name}: ${JSON.stringify(input)}`,
        );
      case 'one2many':
      case 'many2many':
        return applyCommands(
          env,
          definition,
          Array.isArray(current) ? (current as number[]) : [],
          input,
        );
      case 'selection':
        if (input === false || input === null) return false;
        if (
          definition.selection !== undefined &&
          !definition.selection.some(([key]) => key === input)
        ) {
          throw wrongSelectionValueError(modelName, name, input);
        }
        return input;
      case 'datetime':
        return parseDatetimeInput(input);
      case 'date':
        return parseDateInput(input);
      case 'boolean':
        return Boolean(input);
      case 'integer':
      case 'many2one_reference':
        return input === false || input === null ? 0 : Math.trunc(Number(input));
      case 'float':
      case 'monetary':
        return input === false || input === null ? 0 : Number(input);
      default:
        return input === null || input === undefined ? false : input;
    }
  };

  // x2many command triples (odoo-api.md §2). Creations are done on the target model right away.
  const applyCommands = (
    env: OrmEnv,
    definition: FieldDefinition,
    current: readonly number[],
    input: unknown,
  ): number[] => {
    if (input === false || input === null) return [];
    if (!Array.isArray(input))
      throw new OdooServerError(
        'builtins.ValueError',
        `Wrong value for x2many field: ${JSON.stringify(input)}`,
      );
    let ids = [...current];
    for (const command of input as unknown[]) {
      if (typeof command === 'number') {
        if (!ids.includes(command)) ids.push(command);
        continue;
      }
      if (!Array.isArray(command)) continue;
      const [code, id, payload] = command as [number, number, unknown];
      switch (code) {
        case 0: {
          const relation = definition.relation ?? '';
          const [created] = orm.create(env, relation, [(payload ?? {}) as Record<string, unknown>]);
          if (created !== undefined) ids.push(created);
          break;
        }
        case 1:
          orm.write(
            env,
            definition.relation ?? '',
            [id],
            (payload ?? {}) as Record<string, unknown>,
          );
          break;
        case 2:
          orm.unlink(env, definition.relation ?? '', [id]);
          ids = ids.filter((item) => item !== id);
          break;
        case 3:
          ids = ids.filter((item) => item !== id);
          break;
        case 4:
          if (!ids.includes(id)) ids.push(id);
          break;
        case 5:
          ids = [];
          break;
        case 6:
          ids = Array.isArray(payload) ? [...(payload as number[])] : [];
          break;
        default:
          throw new OdooServerError(
            'builtins.ValueError',
            `Invalid x2many command ${JSON.stringify(command)}`,
          );
      }
    }
    return [...new Set(ids)];
  };

  // A one2many or mirrored many2many write lands on the other side's stored field.
  const writeInverse = (
    env: OrmEnv,
    modelName: string,
    id: number,
    name: string,
    definition: FieldDefinition,
    input: unknown,
  ): void => {
    const inverse = inverses[inverseKey(modelName, name)];
    if (inverse === undefined) return;
    const before = value(env, modelName, id, name) as number[];
    const after = applyCommands(env, definition, before, input);
    for (const otherId of before.filter((item) => !after.includes(item))) {
      const other = store.get(inverse.model, otherId, env.view);
      if (other === undefined) continue;
      const updated =
        inverse.kind === 'many2one'
          ? false
          : ((other[inverse.field] as number[] | undefined) ?? []).filter((item) => item !== id);
      store.put(inverse.model, otherId, { ...other, [inverse.field]: updated });
    }
    for (const otherId of after.filter((item) => !before.includes(item))) {
      const other = store.get(inverse.model, otherId, env.view);
      if (other === undefined) continue;
      const updated =
        inverse.kind === 'many2one'
          ? id
          : [...new Set([...((other[inverse.field] as number[] | undefined) ?? []), id])];
      store.put(inverse.model, otherId, { ...other, [inverse.field]: updated });
    }
  };

  const checkFields = (modelName: string, names: readonly string[]): void => {
    const definition = model(modelName);
    for (const name of names)
      if (definition.fields[name] === undefined) throw invalidFieldError(modelName, name);
  };

  const checkRequired = (modelName: string, record: StoredRecord): void => {
    const definition = model(modelName);
    for (const [name, fieldDefinition] of Object.entries(definition.fields)) {
      if (
        !fieldDefinition.required ||
        LOG_FIELDS.has(name) ||
        name.startsWith('alias_') ||
        name.startsWith('rating_')
      )
        continue;
      if (inverses[inverseKey(modelName, name)] !== undefined) continue;
      const stored = record[name];
      if (stored === undefined || stored === false || stored === '') {
        throw missingRequiredError(definition.label, modelName, fieldDefinition.string, name);
      }
    }
  };

  const orm: Orm = {
    variant: options.variant,
    store,
    models,
    model,
    field,
    exists,
    ensureExist,
    value,
    displayName,
    writeStored: (env, modelName, id, values) => {
      const record = store.get(modelName, id, 'live');
      if (record !== undefined) store.put(modelName, id, { ...record, ...values });
      void env;
    },
    create: (env, modelName, valsList) => {
      const definition = model(modelName);
      const created: number[] = [];
      const allVals: Record<string, unknown>[] = [];
      for (const input of valsList) {
        if (typeof input !== 'object' || input === null || Array.isArray(input)) {
          throw new OdooServerError(
            'builtins.ValueError',
            `Invalid values for ${modelName}.create: ${JSON.stringify(input)}`,
          );
        }
        checkFields(modelName, Object.keys(input));
        const vals: Record<string, unknown> = { ...input };
        rules[modelName]?.defaults?.(orm, env, vals);
        const id = store.allocateId(modelName);
        const stamp = formatDatetime(env.now, 'microseconds');
        const record: StoredRecord = {
          id,
          create_uid: env.uid,
          create_date: stamp,
          write_uid: env.uid,
          write_date: stamp,
        };
        const later: [string, FieldDefinition, unknown][] = [];
        for (const [name, raw] of Object.entries(vals)) {
          const fieldDefinition = definition.fields[name];
          if (fieldDefinition === undefined || LOG_FIELDS.has(name)) continue;
          if (inverses[inverseKey(modelName, name)] !== undefined)
            later.push([name, fieldDefinition, raw]);
          else record[name] = convert(env, modelName, name, fieldDefinition, raw, []);
        }
        checkRequired(modelName, record);
        store.put(modelName, id, record);
        for (const [name, fieldDefinition, raw] of later)
          writeInverse(env, modelName, id, name, fieldDefinition, raw);
        created.push(id);
        allVals.push(vals);
      }
      rules[modelName]?.afterCreate?.(orm, env, created, allVals);
      rules[modelName]?.validate?.(orm, env, created);
      env.changes.push({
        kind: 'create',
        model: modelName,
        ids: created,
        fields: [...new Set(allVals.flatMap(Object.keys))],
      });
      return created;
    },
    write: (env, modelName, ids, input) => {
      const definition = model(modelName);
      // 19 words an unknown field in `write` differently (sync-traffic odoo-19-client-contract.jsonl,
      // both transports); 16–18 say "on model".
      if (options.variant.version >= 19) {
        const unknown = Object.keys(input).find((name) => definition.fields[name] === undefined);
        if (unknown !== undefined)
          throw new OdooServerError(
            'builtins.ValueError',
            `Invalid field '${unknown}' in '${modelName}'`,
          );
      }
      checkFields(modelName, Object.keys(input));
      ensureExist(env, modelName, ids);
      const vals = rules[modelName]?.beforeWrite?.(orm, env, ids, { ...input }) ?? { ...input };
      const before = new Map<number, StoredRecord>();
      const stamp = formatDatetime(env.now, 'microseconds');
      for (const id of ids) {
        const current = store.get(modelName, id, env.view);
        if (current === undefined) continue;
        before.set(id, current);
        const next: StoredRecord = { ...current, write_uid: env.uid, write_date: stamp };
        store.put(modelName, id, next);
        for (const [name, raw] of Object.entries(vals)) {
          const fieldDefinition = definition.fields[name];
          if (fieldDefinition === undefined || LOG_FIELDS.has(name)) continue;
          if (inverses[inverseKey(modelName, name)] !== undefined) {
            writeInverse(env, modelName, id, name, fieldDefinition, raw);
            continue;
          }
          const latest = store.get(modelName, id, env.view) ?? next;
          store.put(modelName, id, {
            ...latest,
            [name]: convert(env, modelName, name, fieldDefinition, raw, latest[name]),
          });
        }
        checkRequired(modelName, store.get(modelName, id, env.view) ?? next);
      }
      rules[modelName]?.afterWrite?.(orm, env, ids, vals, before);
      rules[modelName]?.validate?.(orm, env, ids);
      env.changes.push({
        kind: 'write',
        model: modelName,
        ids: [...ids],
        fields: Object.keys(input),
        before,
      });
    },
    unlink: (env, modelName, ids) => {
      model(modelName);
      ensureExist(env, modelName, ids);
      const all = rules[modelName]?.expandUnlink?.(orm, env, ids) ?? [...ids];
      const before = new Map<number, StoredRecord>();
      for (const id of all) {
        const record = store.get(modelName, id, env.view);
        if (record !== undefined) before.set(id, record);
      }
      rules[modelName]?.beforeUnlink?.(orm, env, all);
      env.changes.push({ kind: 'unlink', model: modelName, ids: all, fields: [], before });
      for (const id of all) store.remove(modelName, id);
      // mail.thread / mail.activity.mixin: a record's activities and messages go with it.
      for (const side of ['mail.activity', 'mail.message']) {
        if (side === modelName || !models.has(side)) continue;
        for (const otherId of store.ids(side, env.view)) {
          const other = store.get(side, otherId, env.view);
          if (
            other?.res_id !== undefined &&
            all.includes(Number(other.res_id)) &&
            (other.res_model ?? other.model) === modelName
          ) {
            store.remove(side, otherId);
          }
        }
      }
    },
    read: (env, modelName, ids, fields, load = 'classic') => {
      const definition = model(modelName);
      const names =
        fields === undefined || fields.length === 0
          ? Object.keys(definition.fields)
          : fields.filter((name) => name !== 'id');
      // Group-restricted fields exist but are hidden from fields_get; reading one is an AccessError.
      const gated = rules[modelName]?.groupGated ?? {};
      const denied = names.filter((name) => gated[name] !== undefined).sort();
      checkFields(
        modelName,
        names.filter((name) => gated[name] === undefined),
      );
      if (denied.length > 0) {
        throw new OdooServerError(
          'odoo.exceptions.AccessError',
          'The requested operation can not be completed due to security restrictions.\n\n' +
            `Document type: ${definition.label} (${modelName})\nOperation: read\nUser: ${env.uid}\nFields:\n` +
            denied.map((name) => `- ${name} (allowed for groups '${gated[name]}')`).join('\n'),
        );
      }
      const rows: Record<string, unknown>[] = [];
      // `read` returns one dict per record that exists, in the order asked; deleted ids are skipped.
      for (const id of ids) {
        if (!exists(env, modelName, id)) continue;
        const row: Record<string, unknown> = { id };
        for (const name of names) {
          const fieldDefinition = definition.fields[name];
          if (fieldDefinition === undefined) continue;
          row[name] = encode(env, fieldDefinition, value(env, modelName, id, name), load);
        }
        rows.push(row);
      }
      return rows;
    },
    search: (env, modelName, domain, searchOptions = {}) => {
      const definition = model(modelName);
      const node = parseDomain(domain ?? []);
      const source = domainSource(env);
      validateDomain(modelName, node, source);
      const activeTest =
        definition.fields.active !== undefined &&
        env.context.active_test !== false &&
        !domainMentions(domain, 'active');
      let ids = store
        .ids(modelName, env.view)
        .filter(
          (id) =>
            (!activeTest || value(env, modelName, id, 'active') !== false) &&
            matchesDomain(modelName, id, node, source),
        );
      ids = sortIds(env, modelName, ids, searchOptions.order || rules[modelName]?.order || 'id');
      const offset = searchOptions.offset ?? 0;
      const limit = typeof searchOptions.limit === 'number' ? searchOptions.limit : undefined;
      return ids.slice(offset, limit === undefined ? undefined : offset + limit);
    },
  };

  const encode = (
    env: OrmEnv,
    definition: FieldDefinition,
    raw: unknown,
    load: ReadLoad,
  ): unknown => {
    switch (definition.type) {
      case 'many2one':
        if (typeof raw !== 'number') return false;
        return load === 'classic' ? [raw, displayName(env, definition.relation ?? '', raw)] : raw;
      case 'one2many':
      case 'many2many':
        return Array.isArray(raw) ? sortRelated(definition.relation ?? '', raw as number[]) : [];
      case 'datetime':
        return typeof raw === 'string' ? toWireDatetime(raw) : false;
      default:
        return raw === undefined || raw === null ? emptyValue(definition) : raw;
    }
  };

  // Lists of related ids follow the target's default order; messages are newest first.
  const sortRelated = (relation: string, ids: readonly number[]): number[] =>
    relation === 'mail.message' || relation === 'mail.tracking.value'
      ? [...ids].sort((a, b) => b - a)
      : [...ids].sort((a, b) => a - b);

  const sortIds = (env: OrmEnv, modelName: string, ids: number[], order: string): number[] => {
    const terms = order
      .split(',')
      .map((term) => term.trim().split(/\s+/))
      .filter((parts) => parts[0] !== undefined && parts[0] !== '')
      .map(([name = 'id', direction = 'asc', , nulls]) => ({
        name,
        descending: direction.toLowerCase() === 'desc',
        nulls,
      }));
    for (const term of terms)
      if (field(modelName, term.name) === undefined) throw invalidFieldError(modelName, term.name);
    // Sort keys are read once per record, not once per comparison.
    const keys = new Map(
      ids.map((id) => [id, terms.map((term) => sortable(value(env, modelName, id, term.name)))]),
    );
    return [...ids].sort((left, right) => {
      for (const [index, term] of terms.entries()) {
        const a = keys.get(left)?.[index];
        const b = keys.get(right)?.[index];
        if (a === b) continue;
        // PostgreSQL: NULLs sort last ascending and first descending, unless NULLS FIRST/LAST says otherwise.
        const nullsFirst =
          term.nulls === undefined ? term.descending : term.nulls.toLowerCase() === 'first';
        if (a === undefined) return nullsFirst ? -1 : 1;
        if (b === undefined) return nullsFirst ? 1 : -1;
        const order = compareScalars(a, b);
        if (order !== 0) return term.descending ? -order : order;
      }
      return left - right;
    });
  };

  return orm;
}

function sortable(raw: unknown): unknown {
  if (raw === false || raw === null || raw === undefined) return undefined;
  if (Array.isArray(raw)) return raw[0];
  return raw;
}

/** What `read` returns for a field with no value. */
export function emptyValue(definition: FieldDefinition): unknown {
  switch (definition.type) {
    case 'one2many':
    case 'many2many':
    case 'properties':
    case 'properties_definition':
      return [];
    case 'integer':
    case 'float':
    case 'monetary':
      return 0;
    default:
      return false;
  }
}
