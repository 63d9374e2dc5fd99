/**
 * The CLI's exit codes (documented in the README and in `--help`). Scripts branch on these, so they
 * never change meaning.
 */
export const exitCodes = {
  /** Done; nothing needs attention. */
  ok: 0,
  /** Done, but something needs attention: failed items, warnings, drift left, events still failed. */
  attention: 1,
  /** Wrong arguments or configuration; nothing was done. */
  usage: 2,
  /** Odoo, Plane or the store could not be reached or refused the credentials. */
  unreachable: 3,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** The text `--help` shows under every command. */
export const exitCodesHelp = `
Exit codes:
  0  done, nothing needs attention
  1  done, but something needs attention (failed items, warnings, drift left)
  2  wrong arguments or configuration; nothing was done
  3  Odoo, Plane or the store unreachable, or credentials refused`;
