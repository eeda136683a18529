"""Errors raised by the badges library, each with a stable ``code``.

Verification never raises for a bad credential (it returns a failed check); these
errors are for issuing, key handling and input that cannot be read at all. The
module imports nothing else from the project.

Tree::

    BadgeError
    ├── DocumentError                 input cannot be processed as a credential
    │   ├── UnreadableInputError      not JSON / not a PNG or SVG / no credential inside
    │   │   ├── MalformedJsonError    not well-formed JSON (or not UTF-8)
    │   │   ├── InvalidUnicodeError   a string holds a lone surrogate (not Unicode text)
    │   │   ├── DocumentTooDeepError  nested deeper than a parser may safely follow
    │   │   └── NumberTooLargeError   an integer with too many digits, or not finite
    │   ├── DocumentTooLargeError     over the size or depth limit
    │   ├── UnknownContextError       @context URL not among the pinned contexts
    │   └── UnsafeExpansionError      JSON-LD expansion would drop a term or type
    ├── KeyManagementError
    │   ├── KeyNotFoundError          no key for the organisation / method
    │   ├── RetiredKeyError           a retired key was asked to sign
    │   └── KeystoreSecretError       wrong master secret or tampered sealed key
    ├── DidResolutionError            a DID or verification method cannot be resolved
    ├── KeyProofError                 a wallet's OID4VCI key proof does not hold
    ├── StatusListError               status list missing, malformed or index out of range
    └── SigningError                  a credential could not be signed (bad shape)
"""

from __future__ import annotations


class BadgeError(Exception):
    """Base of every error raised on purpose by the badges library."""

    code = "badge_error"


class DocumentError(BadgeError):
    """Raised when a document cannot be processed as a credential."""

    code = "document_error"


class UnreadableInputError(DocumentError):
    """Raised when input is not JSON, not a PNG/SVG, or carries no credential."""

    code = "unreadable_input"


class MalformedJsonError(UnreadableInputError):
    """Raised when input is not well-formed JSON text (syntax, encoding, NaN)."""

    code = "malformed_json"


class InvalidUnicodeError(UnreadableInputError):
    """Raised when a JSON string holds a lone surrogate, which no UTF-8 text can carry."""

    code = "invalid_unicode"


class DocumentTooDeepError(UnreadableInputError):
    """Raised, before any recursive processing, for JSON nested beyond the depth limit."""

    code = "document_too_deep"


class NumberTooLargeError(UnreadableInputError):
    """Raised for an integer over the digit limit or a number that is not finite."""

    code = "number_too_large"


class DocumentTooLargeError(DocumentError):
    """Raised before canonicalisation when a document exceeds the size or depth limit."""

    code = "document_too_large"


class UnknownContextError(DocumentError):
    """Raised when a JSON-LD context URL is not one of the pinned contexts."""

    code = "unknown_context"


class UnsafeExpansionError(DocumentError):
    """Raised when JSON-LD expansion would silently drop a property or type."""

    code = "unsafe_expansion"


class KeyManagementError(BadgeError):
    """Base of key store and signing-key errors."""

    code = "key_error"


class KeyNotFoundError(KeyManagementError):
    """Raised when an organisation or verification method has no key."""

    code = "key_not_found"


class RetiredKeyError(KeyManagementError):
    """Raised when a retired key is asked to sign: it only verifies old credentials."""

    code = "key_retired"


class KeystoreSecretError(KeyManagementError):
    """Raised when a sealed key cannot be opened (wrong master secret or tampering)."""

    code = "keystore_secret"


class DidResolutionError(BadgeError):
    """Raised when a DID or verification method cannot be resolved offline."""

    code = "did_unresolvable"


class KeyProofError(BadgeError):
    """Raised when a wallet's key proof (OID4VCI ``jwt`` proof type) is malformed, not
    signed by the key it names, for another audience, stale or from the future; ``code``
    is the OID4VCI error it answers (``invalid_proof``)."""

    code = "invalid_proof"


class StatusListError(BadgeError):
    """Raised when a status list is missing, malformed, or an index is out of range."""

    code = "status_list"


class SigningError(BadgeError):
    """Raised when a credential cannot be signed (not a JSON object, already signed...)."""

    code = "signing_error"
