import { createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { signatureHeaders, signingString } from '../contract/service-api';

/** The station's Ed25519 identity: the private key never leaves the encrypted station database. */
export interface StationIdentity {
  stationId: string;
  privateKey: KeyObject;
}

export function generateStationKey(): { privateKeyDer: Buffer; publicKeyBase64: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKeyDer: privateKey.export({ format: 'der', type: 'pkcs8' }), publicKeyBase64: rawPublicKey(publicKey).toString('base64') };
}

/** The 32 raw key bytes: the last 32 bytes of Ed25519's SPKI encoding. */
export function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(-32);
}

export function loadPrivateKey(der: Buffer): KeyObject {
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

/** Headers that prove this request comes from the enrolled station and was not altered or replayed. */
export function signRequest(identity: StationIdentity, request: { method: string; path: string; contentSha256: string }, now: Date = new Date()): Record<string, string> {
  const timestamp = now.toISOString();
  const nonce = randomBytes(18).toString('base64url');
  const message = signingString({ ...request, timestamp, nonce });
  return {
    [signatureHeaders.station]: identity.stationId,
    [signatureHeaders.timestamp]: timestamp,
    [signatureHeaders.nonce]: nonce,
    [signatureHeaders.contentSha256]: request.contentSha256,
    [signatureHeaders.signature]: sign(null, Buffer.from(message), identity.privateKey).toString('base64'),
  };
}
