/** A question the store cannot answer as asked: bad input, exit 2, one clear line. */
export class FleetError extends Error {}
