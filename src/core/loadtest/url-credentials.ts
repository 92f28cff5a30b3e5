/** A URL's `user:password`, percent-decoded (as curl and browsers send them as HTTP Basic); undefined without any. */
export function urlCredentials(url: URL): string | undefined {
  if (url.username === '' && url.password === '') return undefined;
  return `${percentDecoded(url.username)}:${percentDecoded(url.password)}`;
}

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
