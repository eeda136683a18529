"""The API's own stores beside the ledger: tokens, share links, OAuth grants, hosted
credentials, the access log, learners' data keys and the ledger's signing key."""
