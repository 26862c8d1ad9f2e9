// Requests written by hand with node:http, for what a Fetch Request cannot do: declare a body and send only part
// of it, or stream a body in chunks and stop as soon as the server answers.
import http from "node:http";

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Body bytes the client had written when the answer arrived. */
  sent: number;
  milliseconds: number;
}

export interface RawPost {
  headers?: Record<string, string>;
  /** Declared Content-Length; without it the body is sent chunked. */
  declaredBytes?: number;
  /** The body to send in full (chunked unless declaredBytes is given), or... */
  body?: Buffer;
  /** ...filler to stream, 64 KB at a time, until the server answers or this many bytes are written. */
  streamUpTo?: number;
}

const FILLER = Buffer.alloc(64 * 1024, "a");

/** POSTs to `origin` + `path`; resolves with the server's answer, whenever in the upload it comes. */
export function rawPost(origin: string, path: string, options: RawPost): Promise<RawAnswer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...options.headers };
    if (options.declaredBytes !== undefined) headers["Content-Length"] = options.declaredBytes;
    const request = http.request(new URL(path, origin), { method: "POST", headers, agent: false });
    let sent = 0;
    let answered = false;
    request.on("response", (response) => {
      answered = true;
      const status = response.statusCode ?? 0;
      const sentAtAnswer = sent;
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => {
        resolve({ status, headers: response.headers, text, sent: sentAtAnswer, milliseconds: Date.now() - started });
        request.destroy();
      });
      response.on("error", reject);
    });
    // The server closes the connection after refusing a body; writes still in flight then fail, which is the point.
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (options.body) {
      sent = options.body.length;
      request.end(options.body);
      return;
    }
    const limit = options.streamUpTo ?? 0;
    const pump = () => {
      while (!answered && sent < limit) {
        sent += FILLER.length;
        if (!request.write(FILLER)) {
          request.once("drain", pump);
          return;
        }
      }
    };
    pump();
  });
}
