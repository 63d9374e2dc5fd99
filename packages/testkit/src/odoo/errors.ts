/**
 * An exception raised inside the simulated server, named as Odoo names it on the wire
 * (`odoo.exceptions.MissingError`, `builtins.ValueError`, `psycopg2.errors.SerializationFailure`...).
 * The transports turn it into a JSON-RPC error envelope (HTTP 200) or a JSON-2 error body.
 */
export class OdooServerError extends Error {
  override readonly name = 'OdooServerError';
  constructor(
    /** The dotted Python exception name sent as `error.data.name`. */
    readonly exceptionName: string,
    message: string,
    /** Extra `arguments` after the message (JSON-2 Unauthorized carries the status). */
    readonly extraArguments: readonly unknown[] = [],
    /** The text after the exception name on the traceback's last line, when it differs from `message`. */
    readonly tracebackText: string = message,
  ) {
    super(message);
  }
}

/** The `error.data` member of a JSON-RPC error envelope, and the body of a JSON-2 error. */
export interface SerializedOdooError {
  readonly name: string;
  readonly debug: string;
  readonly message: string;
  readonly arguments: readonly unknown[];
  readonly context: Record<string, never>;
}

/**
 * Serialises like `odoo.http.serialize_exception`. The traceback is a short stand-in whose last line
 * has the same form as Odoo's (`builtins.` is dropped there, as Python prints built-in exceptions).
 */
export function serializeOdooError(error: OdooServerError): SerializedOdooError {
  const shortName = error.exceptionName.startsWith('builtins.')
    ? error.exceptionName.slice('builtins.'.length)
    : error.exceptionName;
  return {
    name: error.exceptionName,
    debug: `Traceback (most recent call last):\n  <frames of the simulated server>\n${shortName}: ${error.tracebackText}\n`,
    message: error.message,
    arguments: [error.message, ...error.extraArguments],
    context: {},
  };
}

/** `write`/`unlink`/method call on ids that do not exist (the recorded 16.0/17.0 wording). */
export function missingError(model: string, ids: readonly number[], uid: number): OdooServerError {
  // Python's tuple repr: `(28,)` for one id, `(28, 29)` for several.
  const recordset = ids.length === 1 ? `${model}(${ids[0]},)` : `${model}(${ids.join(', ')})`;
  return new OdooServerError(
    'odoo.exceptions.MissingError',
    `Record does not exist or has been deleted.\n(Record: ${recordset}, User: ${uid})`,
  );
}

/** `write`, `read`, `create` or a domain naming a field the model does not have. */
export function invalidFieldError(model: string, field: string): OdooServerError {
  return new OdooServerError('builtins.ValueError', `Invalid field '${field}' on model '${model}'`);
}

/** A required field left empty: Odoo turns the NOT NULL IntegrityError into this ValidationError. */
export function missingRequiredError(
  modelLabel: string,
  model: string,
  fieldLabel: string,
  field: string,
): OdooServerError {
  const head =
    'The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n' +
    '- Delete: another model requires the record being deleted. If possible, archive it instead.\n';
  const tail = `Model: ${modelLabel} (${model})\nField: ${fieldLabel} (${field})\n`;
  return new OdooServerError(
    'odoo.exceptions.ValidationError',
    `${head}\n${tail}`,
    [],
    `${head}${tail}`,
  );
}

/** Bad credentials on an `object` call. */
export function accessDeniedError(): OdooServerError {
  return new OdooServerError('odoo.exceptions.AccessDenied', 'Access Denied');
}

/** `execute_kw` on a model name that is not in the registry. */
export function unknownModelError(model: string): OdooServerError {
  return new OdooServerError('odoo.exceptions.UserError', `Object ${model} doesn't exist`);
}

/** `execute_kw` of a method the model does not have. */
export function unknownMethodError(model: string, method: string): OdooServerError {
  return new OdooServerError(
    'builtins.AttributeError',
    `The method '${method}' does not exist on the model '${model}'`,
  );
}

/** `execute_kw` of a method whose name starts with an underscore. */
export function privateMethodError(method: string): OdooServerError {
  return new OdooServerError(
    'odoo.exceptions.AccessError',
    `Private methods (such as ${method}) cannot be called remotely.`,
  );
}

/** A validation rule of a model (constraint) failed. */
export function validationError(message: string): OdooServerError {
  return new OdooServerError('odoo.exceptions.ValidationError', message);
}

/** A selection field given a key it does not have. */
export function wrongSelectionValueError(
  model: string,
  field: string,
  value: unknown,
): OdooServerError {
  return new OdooServerError(
    'builtins.ValueError',
    `Wrong value for ${model}.${field}: ${pythonRepr(value)}`,
  );
}

/** Arguments that do not fit the method (Python raises TypeError). */
export function typeError(message: string): OdooServerError {
  return new OdooServerError('builtins.TypeError', message);
}

/** Python's `repr` of a JSON value, enough for error messages. */
export function pythonRepr(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${pythonRepr(key)}: ${pythonRepr(item)}`)
      .join(', ')}}`;
  }
  return typeof value === 'number' || typeof value === 'bigint' ? String(value) : typeof value;
}
