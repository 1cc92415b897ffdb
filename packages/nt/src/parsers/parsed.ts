// What every buffer parser returns: the value, or why the bytes do not hold one. A parser knows
// no NTSTATUS (the buffer came back with success); the caller that asked the kernel turns a
// failure into an NtResult with the status it reports (fail(STATUS.UNSUCCESSFUL, message)).
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
