import type { NextFunction, Request, Response } from 'express';

/**
 * Wraps an async route handler so that a rejection reaches the router's error handler. Express 5 does
 * this itself; Express 4 ignores the returned promise, so a throwing `status()` would leave the request
 * hanging and the rejection unhandled.
 */
export function forwardRejections(
  handler: (request: Request, response: Response) => Promise<void>,
): (request: Request, response: Response, next: NextFunction) => void {
  return (request, response, next) => {
    handler(request, response).catch(next);
  };
}
