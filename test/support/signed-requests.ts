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

/** POSTs `body` to `url`, signed with `keys` now; resolves with the status and the parsed JSON answer. */
export async function postSigned(url: string, keys: SigningKeys, body: unknown): Promise<{ status: number; json: unknown }> {
  const text = JSON.stringify(body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(timestamp + text), keys.privateKey).toString('hex');
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp },
    body: text,
    signal: AbortSignal.timeout(10_000),
  });
  const raw = await res.text();
  let json: unknown = raw;
  try {
    json = JSON.parse(raw);
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: res.status, json };
}
