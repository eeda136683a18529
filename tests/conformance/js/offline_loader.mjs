// The document loader both Node verifiers use (the conformance tests' independent
// verifier and bench/badges.py's peer): it serves only the documents it is given, by URL
// (pinned contexts, DID documents, status lists), a DID document's verification method by
// its fragment URL, and refuses anything else: nothing is ever fetched. Imports no package,
// so each caller copies it beside its own script and node_modules.
export function offlineLoader(documents) {
  function findMethod(url) {
    const [did] = url.split('#');
    const controller = documents[did];
    const method = controller && (controller.verificationMethod || []).find(m => m.id === url);
    return method && {'@context': 'https://w3id.org/security/multikey/v1', ...method};
  }
  return async function documentLoader(url) {
    const document = documents[url] ?? (url.includes('#') ? findMethod(url) : undefined);
    if(!document) {
      throw new Error(`document loader refuses unknown URL ${url}`);
    }
    return {contextUrl: null, documentUrl: url, document};
  };
}
