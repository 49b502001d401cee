/** A base64 file as a blob: URL for a download link (the CSP allows blob: and no new windows). */
export function blobUrlOf(base64: string, mediaType: string): string {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: mediaType }));
}
