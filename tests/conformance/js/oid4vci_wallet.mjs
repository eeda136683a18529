// An independent OpenID4VCI wallet for the Leerspoor acceptance test: the OpenWallet
// Foundation's @openid4vc/openid4vci client (the one Credo builds on), pinned by the test.
// Input (JSON file, argv[2]): {offers: {happy, wrong_tx, stale_nonce, other_audience}: each
// {uri, tx_code}}. It completes the pre-authorized code flow for "happy" with a fresh
// Ed25519 key as did:jwk, then tries each refusal. Output (stdout): one JSON object.
// Only 127.0.0.1 is contacted (the offers and metadata name the test server).
import {readFileSync} from 'node:fs';
import crypto from 'node:crypto';
import {setGlobalConfig} from '@openid4vc/utils';
import {clientAuthenticationAnonymous} from '@openid4vc/oauth2';
import {Openid4vciClient} from '@openid4vc/openid4vci';

// The test server runs on http://127.0.0.1 (no TLS on loopback): allow http URLs.
setGlobalConfig({allowInsecureUrls: true});

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const b64url = data => Buffer.from(data).toString('base64url');

const {publicKey, privateKey} = crypto.generateKeyPairSync('ed25519');
const publicJwk = publicKey.export({format: 'jwk'});
const holderJwk = {kty: 'OKP', crv: 'Ed25519', x: publicJwk.x};
const holder = `did:jwk:${b64url(JSON.stringify(holderJwk))}`;
const signer = {method: 'did', didUrl: `${holder}#0`, alg: 'EdDSA'};

const callbacks = {
  fetch,
  generateRandom: length => crypto.randomBytes(length),
  hash: (data, alg) => crypto.createHash(alg.replace('-', '')).update(data).digest(),
  clientAuthentication: clientAuthenticationAnonymous(),
  signJwt: async (jwtSigner, {header, payload}) => {
    const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    const signature = crypto.sign(null, Buffer.from(signingInput), privateKey);
    return {jwt: `${signingInput}.${b64url(signature)}`, signerJwk: holderJwk};
  },
};
const client = new Openid4vciClient({callbacks});
const configurationId = 'OpenBadgeCredential_ldp_vc';

async function start(offer) {
  const credentialOffer = await client.resolveCredentialOffer(offer.uri);
  const issuerMetadata = await client.resolveIssuerMetadata(credentialOffer.credential_issuer);
  return {credentialOffer, issuerMetadata};
}

async function token(started, txCode) {
  const {accessTokenResponse} = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
    ...started, txCode,
  });
  return accessTokenResponse.access_token;
}

async function request(started, accessToken, {nonce, audience} = {}) {
  const {issuerMetadata} = started;
  const cNonce = nonce ?? (await client.requestNonce({issuerMetadata})).c_nonce;
  // For another audience, the client is handed metadata naming another credential issuer.
  const forProof = audience
    ? {...issuerMetadata, credentialIssuer: {...issuerMetadata.credentialIssuer, credential_issuer: audience}}
    : issuerMetadata;
  const {jwt} = await client.createCredentialRequestJwtProof({
    issuerMetadata: forProof, credentialConfigurationId: configurationId, signer, nonce: cNonce,
  });
  const response = await client.retrieveCredentials({
    issuerMetadata, accessToken, credentialConfigurationId: configurationId,
    proofs: {jwt: [jwt]},
  });
  return {response, nonce: cNonce};
}

// What the server answered when the client threw: its OAuth / OpenID4VCI error code.
async function refusal(attempt) {
  try {
    await attempt();
    return {refused: false};
  } catch(error) {
    // Both error classes put the server's error JSON into their message.
    const text = `${JSON.stringify(error.errorResponse ?? {})} ${error.message}`;
    const code = (text.match(/"error"\s*:\s*"([a-z_]+)"/) || [])[1] || null;
    return {refused: true, error: code, message: String(error.message).slice(0, 300)};
  }
}

const output = {holder};
const happy = await start(input.offers.happy);
output.metadata_version = happy.issuerMetadata.originalDraftVersion;
const accessToken = await token(happy, input.offers.happy.tx_code);
const first = await request(happy, accessToken);
output.credential = first.response.credentialResponse.credentials[0].credential;
output.reused_code = await refusal(() => token(happy, input.offers.happy.tx_code));

const wrong = await start(input.offers.wrong_tx);
const wrongCode = input.offers.wrong_tx.tx_code === '000000' ? '111111' : '000000';
output.wrong_tx_code = await refusal(() => token(wrong, wrongCode));

const stale = await start(input.offers.stale_nonce);
const staleToken = await token(stale, input.offers.stale_nonce.tx_code);
output.stale_nonce = await refusal(() => request(stale, staleToken, {nonce: first.nonce}));

const other = await start(input.offers.other_audience);
const otherToken = await token(other, input.offers.other_audience.tx_code);
output.other_audience = await refusal(
  () => request(other, otherToken, {audience: 'https://elders.example'}));

console.log(JSON.stringify(output));
