// 403 for a change to the admin sent from another site (admin-origin.ts), answered before Remix reads anything.
// Remix checks Origin against Host too, but throws, which answered 500 and logged an error for every attempt.
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { env } from "~/env.server";
import { crossOriginRefusal } from "./admin-origin";

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function adminOriginCheck(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const refusal = crossOriginRefusal({
      method: req.method,
      path: req.path,
      origin: header(req, "origin"),
      secFetchSite: header(req, "sec-fetch-site"),
      hosts: [header(req, "host"), header(req, "x-forwarded-host")?.split(",")[0]?.trim()],
      appUrl: env().appUrl,
    });
    if (refusal === null) return next();
    res.status(403).set({ "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" }).send(refusal);
  };
}
