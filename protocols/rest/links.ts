/** Links in responses are built from GRANARY_BASE_URL, never from the Host header (Host header injection). */
export function createLinks(baseUrl: string) {
  return {
    record: (id: string) => `${baseUrl}/api/records/${encodeURIComponent(id)}`,
    landing: (id: string) => `${baseUrl}/records/${encodeURIComponent(id)}`,
    revisions: (id: string) => `${baseUrl}/api/records/${encodeURIComponent(id)}/revisions`,
    search: (params: URLSearchParams) => `${baseUrl}/api/records${params.size ? `?${params}` : ''}`,
  };
}
export type Links = ReturnType<typeof createLinks>;

/** JSON body with ?prettyprint=1 support. */
export function jsonBody(value: unknown, pretty: boolean): string {
  return JSON.stringify(value, null, pretty ? 2 : undefined);
}
