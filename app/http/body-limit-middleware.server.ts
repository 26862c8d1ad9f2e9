// Refuses a request body larger than its path's limit (body-limits.ts) before anything reads it: a declared
// Content-Length over the limit is answered at once; a chunked body is counted as it streams in and refused at the
// first byte over. Mounted ahead of every route in server-app.mjs, so no route buffers more than its limit.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { bodyLimitFor, bodyTooLargeMessage, type BodyLimit } from "./body-limits";

/** 413 with the limit in words, and the connection closed so the sender stops sending the rest. */
function refuse(req: IncomingMessage, res: ServerResponse, limit: BodyLimit): void {
  if (res.headersSent) {
    // A route answered before reading its body; only the connection is left to close.
    req.socket.destroy();
    return;
  }
  const message = bodyTooLargeMessage(limit);
  // Shopper surfaces read { error: { code, message } } across origins (docs/shopper-api.md), as do the public
  // API's clients (docs/public-api.md); the rest read text.
  const shopper = limit.family === "shopper";
  const json = shopper || limit.family === "public-api";
  const body = json ? JSON.stringify({ error: { code: "body_too_large", message } }) : message;
  res.writeHead(413, {
    "Content-Type": json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    Connection: "close",
    ...(shopper ? { "Access-Control-Allow-Origin": "*" } : {}),
  });
  res.end(body);
}

/**
 * Counts the bytes of a body without a declared length as the request emits them. Readers downstream (Remix's
 * request stream, the webhook routes) see every chunk up to the limit and nothing after it: from the first byte
 * over, the request's events stop, so no reader acts on a truncated body, and the 413 is the only answer.
 */
function countStreamedBody(req: IncomingMessage, res: ServerResponse, limit: BodyLimit): void {
  let received = 0;
  let refused = false;
  const emit = req.emit.bind(req);
  req.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (refused) return false;
    if (event === "data") {
      received += (args[0] as Buffer).length;
      if (received > limit.bytes) {
        refused = true;
        refuse(req, res, limit);
        return false;
      }
    }
    return emit(event, ...args);
  }) as typeof req.emit;
}

/**
 * Applies `limit` to the request's body, and says whether it may be read: false when the request was answered
 * with 413 already. The middleware below runs it for every path; the queued webhook intake, which answers ahead
 * of Express (server-app.mjs), runs it itself.
 */
export function guardBody(req: IncomingMessage, res: ServerResponse, limit: BodyLimit): boolean {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit.bytes) {
    refuse(req, res, limit);
    return false;
  }
  if (req.headers["transfer-encoding"] !== undefined) countStreamedBody(req, res, limit);
  return true;
}

export function bodyLimits(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (guardBody(req, res, bodyLimitFor(req.path))) next();
  };
}
