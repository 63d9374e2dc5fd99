import type { OdooModel } from '../ports.js';
import type { FlowContext } from './flow-context.js';

/** `external_source` of a Plane entity made from an Odoo model: `odoo:<sourceId>:<model>`. */
export function externalSourceOf(
  context: Pick<FlowContext<unknown, unknown>, 'config'>,
  model: OdooModel,
): string {
  return `odoo:${context.config.odoo.sourceId}:${model}`;
}
