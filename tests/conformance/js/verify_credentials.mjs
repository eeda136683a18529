// Independent verifier for the Leerspoor conformance tests: digitalbazaar's
// @digitalbazaar/vc + data-integrity + eddsa-rdfc-2022-cryptosuite, run under Node.
// Input (JSON file, argv[2]): {now, documents: {url: document}, credentials: [...]}.
// The document loader serves only the given documents (our pinned contexts, DID
// documents, status lists) and fails on anything else: nothing is fetched.
// Output (stdout): one JSON object per credential: {id, verified, error, status}.
import {readFileSync} from 'node:fs';
import {gunzipSync} from 'node:zlib';
import * as vc from '@digitalbazaar/vc';
import {offlineLoader} from './offline_loader.mjs';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const documents = input.documents;

const documentLoader = offlineLoader(documents);

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});

async function checkStatus({credential}) {
  // Bitstring Status List v1.0 read independently of our Python reader.
  const entries = [].concat(credential.credentialStatus);
  for(const entry of entries) {
    const list = documents[entry.statusListCredential];
    if(!list) {
      return {verified: false, error: `status list ${entry.statusListCredential} unavailable`};
    }
    const listResult = await vc.verifyCredential({
      credential: list, suite, documentLoader, now: input.now
    });
    if(!listResult.verified) {
      return {verified: false, error: 'status list proof does not verify'};
    }
    const encoded = list.credentialSubject.encodedList;
    const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    const index = Number(entry.statusListIndex);
    const set = (bits[index >> 3] & (0x80 >> (index % 8))) !== 0;
    if(set) {
      return {verified: false, error: `credential ${entry.statusPurpose} is set`};
    }
  }
  return {verified: true};
}

for(const credential of input.credentials) {
  const result = await vc.verifyCredential({
    credential, suite, documentLoader, checkStatus, now: input.now
  });
  const error = result.error &&
    (result.error.errors || [result.error]).map(e => e.message).join('; ');
  console.log(JSON.stringify({
    id: credential.id, verified: result.verified, error: error || null,
    status: result.statusResult || null
  }));
}
