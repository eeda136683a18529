"""The published contracts, shipped in the wheel as the package ``api.contracts``: the JSON
Schema of every event (``events/<EventName>.v<N>.json``) and the HTTP API's ``openapi.json``,
both generated from the code (``leerspoor contracts write``)."""
