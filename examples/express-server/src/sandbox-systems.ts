import {
  createOdooSimulator,
  createPlaneSimulator,
  type OdooSimulator,
  type PlaneSimulator,
} from '@odoo-plane-sync/testkit';
import { seedSandboxPortfolio, type SandboxPortfolio } from './sandbox-portfolio.js';

/** The two simulated systems of the sandbox, served over HTTP on loopback. */
export interface SandboxSystems {
  readonly odoo: OdooSimulator;
  readonly plane: PlaneSimulator;
  /** `http://127.0.0.1:<port>` of each simulator. */
  readonly odooUrl: string;
  readonly planeUrl: string;
  readonly portfolio: SandboxPortfolio;
  /**
   * Makes both simulators' outgoing webhooks fail with a 503 until `resumeWebhooks` (neither Odoo nor
   * Plane CE retries an HTTP error), to show what reconciliation repairs when deliveries are lost.
   */
  pauseWebhooks(): void;
  resumeWebhooks(): void;
  close(): Promise<void>;
}

/**
 * Starts an Odoo 17 simulator and a Plane CE simulator on random free loopback ports and seeds the sample
 * portfolio. Both run on the system clock. Plane's rate limit is off: the sandbox shows the flow, not
 * Plane's 60 requests per minute (a real Plane key gets its budget through `PLANE_RATE_LIMIT_PER_MINUTE`).
 * Everything lives in memory: a new sandbox starts from the same seed.
 *
 * @example
 * const systems = await startSandboxSystems();
 * console.log(systems.odooUrl, systems.planeUrl);
 * await systems.close();
 */
export async function startSandboxSystems(): Promise<SandboxSystems> {
  let webhooksPaused = false;
  const webhookFetch: typeof fetch = (input, init) =>
    webhooksPaused
      ? Promise.resolve(new Response('webhooks paused in the sandbox', { status: 503 }))
      : fetch(input, init);
  const odoo = createOdooSimulator({ version: 17, db: 'sandbox', fetch: webhookFetch });
  const plane = createPlaneSimulator({
    rateLimit: false,
    workspaceSlug: 'sandbox',
    fetch: webhookFetch,
  });
  const portfolio = seedSandboxPortfolio(odoo, plane);
  const servedOdoo = await odoo.serve();
  const servedPlane = await plane.serve();
  return {
    odoo,
    plane,
    odooUrl: servedOdoo.url,
    planeUrl: servedPlane.url,
    portfolio,
    pauseWebhooks: () => {
      webhooksPaused = true;
    },
    resumeWebhooks: () => {
      webhooksPaused = false;
    },
    close: async () => {
      await Promise.all([servedOdoo.close(), servedPlane.close()]);
    },
  };
}
