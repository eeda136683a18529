// Peer verifier for bench/badges.py: digitalbazaar's @digitalbazaar/vc with the
// eddsa-rdfc-2022 cryptosuite and its own Bitstring Status List checker, versions
// pinned in package.json / package-lock.json beside this file.
// Input (JSON file, argv[2]): {now, documents: {url: document}, warmup: [...],
// credentials: [...]}. The document loader serves only the given documents (pinned
// contexts, did:web DID documents, status lists) and refuses anything else.
// Every check digitalbazaar offers is on: proof (key listed for assertionMethod by
// its controller, issuer = controller), validFrom/validUntil against `now`, and the
// status list (its own proof verified, issuers matching).
// Output (stdout, one JSON line): {verified, total, seconds, rate}.
import {readFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import * as vc from '@digitalbazaar/vc';
import {offlineLoader} from './offline_loader.mjs';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const documents = input.documents;

const documentLoader = offlineLoader(documents);

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});

function statusCheck({credential}) {
  return checkStatus({
    credential, documentLoader, suite,
    verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true
  });
}

async function verify(credential) {
  const result = await vc.verifyCredential({
    credential, suite, documentLoader, checkStatus: statusCheck, now: input.now
  });
  if(!result.verified) {
    const errors = result.error && (result.error.errors || [result.error]);
    throw new Error(`peer refused ${credential.id}: ${errors && errors.map(e => e.message)}`);
  }
  return result;
}

for(const credential of input.warmup) {
  await verify(credential);
}
const started = performance.now();
let verified = 0;
for(const credential of input.credentials) {
  await verify(credential);
  verified++;
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({
  verified, total: input.credentials.length, seconds, rate: verified / seconds
}));
