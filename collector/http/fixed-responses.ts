// Bodies the collector answers with, byte for byte as the Snowplow collector (reference: snowplow-modern.md 2.1).

/** 43-byte transparent 1x1 GIF89a of the Snowplow collector. */
export const PIXEL_GIF = Buffer.from('R0lGODlhAQABAPAAAP///wAAACH5BAUAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

export const ROBOTS_TXT = 'User-agent: *\nDisallow: /\n\nUser-agent: Googlebot\nDisallow: /\n\nUser-agent: AdsBot-Google\nDisallow: /';

export function crossDomainXml(domains: readonly string[], secure: boolean): string {
  const entries = domains.map((domain) => `<allow-access-from domain="${escapeXmlAttribute(domain)}" secure="${secure}" />`);
  return `<?xml version="1.0"?>\n<cross-domain-policy>\n${entries.join('\n')}\n</cross-domain-policy>`;
}

function escapeXmlAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** All-zero network user id of anonymous requests (`SP-Anonymous`). */
export const ANONYMOUS_NETWORK_USER_ID = '00000000-0000-0000-0000-000000000000';
