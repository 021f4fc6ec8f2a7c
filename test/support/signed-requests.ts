/**
 * Playing Discord towards the HTTP interactions endpoint: an Ed25519 key pair made here, and POSTs signed as
 * Discord signs them (signature over timestamp + raw body, hex in X-Signature-Ed25519).
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export interface SigningKeys {
  /** The public key as the Developer Portal shows it: 64 hex characters (DISCORD_PUBLIC_KEY). */
  publicHex: string;
  privateKey: KeyObject;
}

export function makeSigningKeys(): SigningKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return { publicHex: Buffer.from(jwk.x!, 'base64url').toString('hex'), privateKey };
}

/** The headers Discord sends with `body`: the signature over timestamp + raw body, and the timestamp (default now). */
export function signatureHeaders(keys: SigningKeys, body: string | Buffer, timestamp = String(Math.floor(Date.now() / 1000))): Record<string, string> {
  const signature = sign(null, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), keys.privateKey).toString('hex');
  return { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp };
}

/** A request signed once, to be sent as is (a replay sends the very same bytes and headers again). */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

export function signRequest(keys: SigningKeys, body: unknown): SignedRequest {
  const text = JSON.stringify(body);
  return { body: text, headers: { 'content-type': 'application/json', ...signatureHeaders(keys, text) } };
}

/** POSTs a signed request; resolves with the status and the parsed JSON answer (or the text). */
export async function postSignedRequest(url: string, request: SignedRequest): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(10_000) });
  const raw = await res.text();
  let json: unknown = raw;
  try {
    json = JSON.parse(raw);
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: res.status, json };
}

/** POSTs `body` to `url`, signed with `keys` now; resolves with the status and the parsed JSON answer. */
export function postSigned(url: string, keys: SigningKeys, body: unknown): Promise<{ status: number; json: unknown }> {
  return postSignedRequest(url, signRequest(keys, body));
}
