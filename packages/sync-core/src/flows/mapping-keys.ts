import type { MappingKey, OdooModel } from '../ports.js';

/** The mapping key of an Odoo record. */
export function keyOf(model: OdooModel, odooId: number): MappingKey {
  return { model, odooId };
}

/** The serial key of an Odoo record, the same as its own jobs' (`entityKeyOf`): `project.task:7`. */
export function serialKeyOf(key: MappingKey): string {
  return `${key.model}:${key.odooId}`;
}
