/** A stored file people sent (a receipt, an invoice): always downloaded, never rendered as a page of the portal. */
export function fileDownload(file: { fileName: string; contentType: string; content: Uint8Array<ArrayBuffer> }) {
  return new Response(file.content, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
