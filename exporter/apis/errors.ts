/** Reasons of vigil_api_errors_total, all exported (0 until they happen). */
export const ERROR_REASONS = [
  'timeout',
  'http_status',
  'invalid_json',
  'missing_path',
  'bad_value',
  'too_large',
  'connection',
  'secret',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];
