import { parseCommandArgs, UsageError, type Command } from '../command.ts';
import {
  clickLinkTag,
  clickRedirectUrl,
  pageViewPixelUrl,
  pixelImgTag,
  structEventPixelUrl,
  type PixelOptions,
  type StructuredEventPixel,
} from '../../trackers/pixel/index.ts';

const HELP = `Usage: snowline pixel <page-view|struct|click> --collector <url> [options]

Prints a tracking-pixel URL (or, with --html, an <img> tag) for e-mails, AMP and no-JS pages, or a /r/tp2 click
link that records the click and redirects. Values are URI-encoded; the result is checked against the collector's
longest accepted request target.

Kinds:
  page-view   GET /i page view            --url, --title, --referrer
  struct      GET /i structured event     --category and --action (required), --label, --property, --value
  click       GET /r/tp2 click redirect   --target (required); with --category/--action the click is also a
              structured event (the collector needs redirect.enabled and the target host in redirect.allowedHosts)

Options:
  --collector <url>      collector base URL (required), e.g. https://c.example.com
  --app-id <id>          app_id
  --namespace <name>     tracker namespace (tna)
  --platform <p>         platform (default web)
  --user-id <id>         user_id, e.g. the e-mail recipient's id
  --html                 print an <img> tag (page-view, struct) or an <a> tag (click) instead of the URL
  --link-text <text>     text of the <a> tag with --html click (default: the target URL)
  --max-url-bytes <n>    longest path and query string allowed (default 20480, the collector default)
  -h, --help             this text

Examples:
  snowline pixel struct --collector https://c.example.com --category email --action open --label spring-sale --html
  snowline pixel page-view --collector https://c.example.com --url https://example.com/amp/article --title Article
  snowline pixel click --collector https://c.example.com --target https://example.com/offer --category email --action click
`;

export const pixelCommand: Command = {
  name: 'pixel',
  summary: 'print tracking-pixel URLs, <img> tags and /r/tp2 click links (no-JS tracker)',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        collector: { type: 'string' },
        'app-id': { type: 'string' },
        namespace: { type: 'string' },
        platform: { type: 'string' },
        'user-id': { type: 'string' },
        url: { type: 'string' },
        title: { type: 'string' },
        referrer: { type: 'string' },
        category: { type: 'string' },
        action: { type: 'string' },
        label: { type: 'string' },
        property: { type: 'string' },
        value: { type: 'string' },
        target: { type: 'string' },
        html: { type: 'boolean', default: false },
        'link-text': { type: 'string' },
        'max-url-bytes': { type: 'string' },
      },
      true,
    );
    const kind = positionals[0];
    if (positionals.length !== 1 || !['page-view', 'struct', 'click'].includes(kind!)) {
      throw new UsageError('give one kind: page-view, struct or click');
    }
    if (!values.collector) throw new UsageError('--collector is required');
    let maxUrlBytes: number | undefined;
    if (values['max-url-bytes'] !== undefined) {
      maxUrlBytes = Number(values['max-url-bytes']);
      if (!Number.isInteger(maxUrlBytes) || maxUrlBytes <= 0) throw new UsageError(`--max-url-bytes must be a positive integer, got "${values['max-url-bytes']}"`);
    }
    if (values.value !== undefined && !Number.isFinite(Number(values.value))) throw new UsageError(`--value must be a number, got "${values.value}"`);
    const options: PixelOptions = { collectorUrl: values.collector, appId: values['app-id'], namespace: values.namespace, platform: values.platform, maxUrlBytes };
    const userId = values['user-id'];
    const structured = (): StructuredEventPixel | undefined => {
      if (values.category === undefined && values.action === undefined) return undefined;
      if (!values.category || !values.action) throw new UsageError('--category and --action go together');
      return { category: values.category, action: values.action, label: values.label, property: values.property, value: values.value, userId };
    };
    let output: string;
    if (kind === 'page-view') {
      const url = pageViewPixelUrl(options, { url: values.url, title: values.title, referrer: values.referrer, userId });
      output = values.html ? pixelImgTag(url) : url;
    } else if (kind === 'struct') {
      const event = structured();
      if (!event) throw new UsageError('struct needs --category and --action');
      const url = structEventPixelUrl(options, event);
      output = values.html ? pixelImgTag(url) : url;
    } else {
      if (!values.target) throw new UsageError('click needs --target');
      const url = clickRedirectUrl(options, values.target, structured());
      output = values.html ? clickLinkTag(url, values['link-text'] ?? values.target) : url;
    }
    process.stdout.write(`${output}\n`);
    return 0;
  },
};
