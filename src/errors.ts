/**
 * Domain errors thrown by the core. Each protocol maps them to its own error format in one
 * table (REST: problem+json, OAI-PMH: error XML, IIIF: status codes).
 */

/** One problem with one field of the input, located by a JSON pointer (RFC 6901). */
export interface FieldError {
  pointer: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly details: FieldError[];
  constructor(message: string, details: FieldError[] = []) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class NotFound extends DomainError {
  readonly code = 'not-found';
}

/** A PID or record that existed and was deleted: it stays as a tombstone (410). */
export class Gone extends DomainError {
  readonly code = 'gone';
  constructor(
    message: string,
    readonly deletedAt: string,
    readonly reason: string | null,
  ) {
    super(message);
  }
}

/** A PID that was merged or redirected: answer 301 to the target. */
export class Moved extends DomainError {
  readonly code = 'moved';
  constructor(
    message: string,
    readonly targetId: string,
  ) {
    super(message);
  }
}

export class ValidationFailed extends DomainError {
  readonly code = 'validation-failed';
}

export class Conflict extends DomainError {
  readonly code = 'conflict';
}

export class RevisionMismatch extends DomainError {
  readonly code = 'revision-mismatch';
  constructor(
    readonly expected: number | null,
    readonly actual: number,
    /** What the request asked, when it was not one revision (a list of tags, If-None-Match, a date). */
    detail?: string,
  ) {
    super(detail ?? `The record is at revision ${actual}; the request expected revision ${expected}.`);
  }
}

export class Unauthorized extends DomainError {
  readonly code = 'unauthorized';
  /** RFC 6750 section 3.1's error code for the challenge, when a bearer token was sent and refused. */
  bearerError?: 'invalid_token';
}

export class Forbidden extends DomainError {
  readonly code = 'forbidden';
}

export class BadRequest extends DomainError {
  readonly code = 'bad-request';
}

/** Another process holds the embedded data directory. */
export class Locked extends DomainError {
  readonly code = 'locked';
}

export class UnsupportedMediaType extends DomainError {
  readonly code = 'unsupported-media-type';
}

/** The server is busy (e.g. too many concurrent OAI-PMH lists); clients retry after a while. */
export class Unavailable extends DomainError {
  readonly code = 'unavailable';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
