import { OdooServerError } from './errors.js';
import type { OdooVersion } from './field-definitions.js';

/**
 * What a simulated user may do. `admin` is the seeded Administrator (every right); `project-user` is an
 * internal user with Project / User only, as in sync-traffic `odoo-19-project-user.jsonl`.
 */
export type OdooUserRights = 'admin' | 'project-user';

/**
 * Models whose access rules (`ir.model.access`) leave a Project / User out, with the label Odoo gives the
 * model in the refusal and the groups it lists. `ir.model` is readable by Administration / Access Rights
 * only on 18 and 19 (recorded on 19, same ACL on 18 per the sync-traffic README); 16 and 17 are not
 * recorded for such a user, so the simulator refuses nothing there.
 */
const ADMIN_ONLY_MODELS: Readonly<Record<string, string>> = {
  'ir.model': 'Models',
};

/** Methods that only read (`check_access('read')`); every other method is treated as a write. */
const READ_METHODS: ReadonlySet<string> = new Set([
  'read',
  'search',
  'search_read',
  'search_count',
  'name_search',
  'read_group',
  'web_search_read',
]);

/** The verb of the refusal, as `_make_access_error` words it per operation. */
function operationVerb(method: string): string {
  if (READ_METHODS.has(method)) return 'access';
  if (method === 'create') return 'create';
  if (method === 'unlink') return 'delete';
  return 'modify';
}

/**
 * The `AccessError` a call is refused with by the model access rules, or `undefined` when the user may
 * make it. The text is the recorded 19.0 one (`odoo-19-project-user.jsonl`): the group is named
 * "Access Rights" there; 18 names groups with their category, "Administration/Access Rights".
 */
export function modelAccessError(
  rights: OdooUserRights,
  version: OdooVersion,
  model: string,
  method: string,
): OdooServerError | undefined {
  if (rights === 'admin' || version < 18) return undefined;
  const label = ADMIN_ONLY_MODELS[model];
  if (label === undefined) return undefined;
  const group = version >= 19 ? 'Access Rights' : 'Administration/Access Rights';
  return new OdooServerError(
    'odoo.exceptions.AccessError',
    `You are not allowed to ${operationVerb(method)} '${label}' (${model}) records.\n\n` +
      `This operation is allowed for the following groups:\n\t- ${group}\n\n` +
      'Contact your administrator to request access if necessary.',
  );
}
