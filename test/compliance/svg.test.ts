/**
 * BackupPlanTimeline: the SVG timeline of a plan report is well-formed XML, deterministic,
 * has a lane per rung / DR Region / archive, and renders (rsvg-convert) to a PNG that is not
 * blank; the committed docs/plan-timeline.{svg,png} are what the example app renders.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import { countColor, countInk, decodePng, hasRsvgConvert, svgToPng } from './png';
import { buildExample } from '../../examples/tiered-backup';
import { BackupTier, Cadence, BackupEngine, Retention, TieredBackup } from '../../src';
import { BackupPlanReport } from '../../src/compliance/report';
import { BackupPlanTimeline } from '../../src/compliance/svg';
import { testApp } from '../harness';

const ENV = { account: '111111111111', region: 'ap-south-1' };
const DOCS = path.resolve(__dirname, '../../docs');

// ---------------------------------------------------------------------------
// A small XML well-formedness check (no XML parser among the dependencies)
// ---------------------------------------------------------------------------

interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*$/;
const ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)/;

/** Parses `xml`, throwing on anything that is not well-formed; returns the root element. */
function parseXml(xml: string): XmlElement {
  let i = 0;
  const decl = /^<\?xml [^?]*\?>/.exec(xml);
  if (decl) i = decl[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const fail = (what: string): never => {
    throw new Error(`not well-formed at ${i}: ${what} near ${JSON.stringify(xml.slice(i, i + 40))}`);
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (ENTITY.test(text)) fail('bare & in text');
    if (text.includes('>')) fail('bare > in text');
    if (text.trim() !== '') {
      if (stack.length === 0) fail('text outside the root element');
      stack[stack.length - 1].text += text;
    }
    if (lt === -1) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end === -1) fail('unterminated comment');
      i = end + 3;
      continue;
    }
    const gt = xml.indexOf('>', i);
    if (gt === -1) fail('unterminated tag');
    const tag = xml.slice(i + 1, gt);
    if (tag.includes('<')) fail('< inside a tag');
    if (tag.startsWith('/')) {
      const open = stack.pop();
      if (!open || open.name !== tag.slice(1).trim()) fail(`closing </${tag.slice(1)}> does not match <${open?.name}>`);
    } else {
      const selfClosing = tag.endsWith('/');
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const name = /^\S+/.exec(body)?.[0] ?? '';
      if (!NAME.test(name)) fail(`bad element name ${name}`);
      const attributes: Record<string, string> = {};
      let rest = body.slice(name.length);
      const attr = /^\s+([A-Za-z_:][A-Za-z0-9_.:-]*)="([^"<]*)"/;
      let m: RegExpExecArray | null;
      while ((m = attr.exec(rest)) !== null) {
        if (m[1] in attributes) fail(`duplicate attribute ${m[1]}`);
        if (ENTITY.test(m[2])) fail(`bare & in attribute ${m[1]}`);
        attributes[m[1]] = m[2];
        rest = rest.slice(m[0].length);
      }
      if (rest.trim() !== '') fail(`bad attributes ${JSON.stringify(rest)}`);
      const element: XmlElement = { name, attributes, children: [], text: '' };
      if (stack.length > 0) stack[stack.length - 1].children.push(element);
      else if (root) fail('a second root element');
      else root = element;
      if (!selfClosing) stack.push(element);
    }
    i = gt + 1;
  }
  if (stack.length > 0) fail(`unclosed <${stack[stack.length - 1].name}>`);
  if (!root) fail('no root element');
  return root!;
}

function all(e: XmlElement, name: string): XmlElement[] {
  return [...(e.name === name ? [e] : []), ...e.children.flatMap((c) => all(c, name))];
}

function texts(root: XmlElement): string[] {
  return all(root, 'text').map((t) => t.text);
}

function unescape(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, '\'').replace(/&amp;/g, '&');
}

function exampleReport(): BackupPlanReport {
  const app = testApp();
  buildExample(app);
  return BackupPlanReport.forApp(app);
}

describe('the well-formedness check itself', () => {
  test.each([
    ['<a><b></a></b>', /does not match/],
    ['<a x="1" x="2"/>', /duplicate attribute/],
    ['<a>AT&T</a>', /bare &/],
    ['<a/><b/>', /second root/],
    ['<a>', /unclosed/],
    ['<a x=1/>', /bad attributes/],
  ])('rejects %s', (xml, error) => {
    expect(() => parseXml(xml)).toThrow(error);
  });

  test('accepts entities, comments and self-closing elements', () => {
    const root = parseXml('<?xml version="1.0"?><a k="&quot;v&quot;"><!-- c --><b/>x &amp; y &#8594;</a>');
    expect(root.children.map((c) => c.name)).toEqual(['b']);
    expect(root.text).toBe('x &amp; y &#8594;');
  });
});

describe('BackupPlanTimeline', () => {
  const report = exampleReport();
  const svg = report.toSvg();
  const root = parseXml(svg);

  test('the example app\'s timeline is well-formed SVG of the documented width, deterministic', () => {
    expect(root.name).toBe('svg');
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(root.attributes.width).toBe('1280');
    expect(root.attributes.viewBox).toBe(`0 0 1280 ${root.attributes.height}`);
    expect(exampleReport().toSvg()).toBe(svg);
    expect(BackupPlanTimeline.render(report)).toBe(svg);
  });

  test('a title, a legend, axis labels, and per tier a lane for every rung and DR Region', () => {
    const words = texts(root).map(unescape);
    expect(all(root, 'title')[0].text).toBe('Backup plan timeline');
    expect(words).toContain('restore point (one tick each)');
    expect(words).toContain('DR copy in another Region');
    expect(words).toContain('now');
    expect(words).toEqual(expect.arrayContaining(['1 day', '1 week', '1 year']));
    for (const tier of report.tiers) {
      expect(words).toContain(tier.name);
      for (const rung of tier.rungs) {
        expect(words).toContain(rung.name);
        expect(words).toContain(rung.cadence);
      }
      for (const dr of tier.drCopies) expect(words).toContain(`DR copies → ${dr.region}`);
    }
    expect(words).toContain('42 × kept 7 days');
    expect(words.some((w) => /^DLM 5 hours; declared 5 hours \(met\)$/.test(w))).toBe(true);
    // nothing is archived or cold in the example: no such legend entry
    expect(words.some((w) => /archive|cold/.test(w))).toBe(false);
  });

  test('one tick per restore point', () => {
    const app = testApp();
    const tiered = new TieredBackup(new Stack(app, 'S', { env: ENV }), 'Tiers', { tiers: [BackupTier.development()] });
    const tree = parseXml(BackupPlanReport.of(tiered).toSvg());
    const lanes = all(tree, 'path').filter((p) => p.attributes.stroke === '#0b6e4f');
    expect(lanes).toHaveLength(1);
    expect(lanes[0].attributes.d.match(/M/g)).toHaveLength(7);
  });

  test('archive and cold storage get their lanes and legend entries', () => {
    // GIVEN an archived DLM tier and an AWS Backup tier with cold storage
    const app = testApp();
    new TieredBackup(new Stack(app, 'Dlm', { env: ENV }), 'Tiers', {
      tiers: [new BackupTier({
        name: 'archived',
        rungs: [
          { cadence: Cadence.daily(), retention: Retention.age(Duration.days(30)) },
          { cadence: Cadence.monthly(1), retention: Retention.months(3) },
        ],
        archive: Retention.years(1),
      })],
    });
    new TieredBackup(new Stack(app, 'Backup', { env: ENV }), 'Tiers', {
      ebsEngine: BackupEngine.AWS_BACKUP,
      tiers: [new BackupTier({
        name: 'cold',
        rungs: [{ cadence: Cadence.daily(), retention: Retention.age(Duration.days(120)), coldStorageAfter: Duration.days(10) }],
      })],
    });

    // WHEN
    const tree = parseXml(BackupPlanReport.forApp(app).toSvg());

    // THEN
    const words = texts(tree).map(unescape);
    expect(words).toContain('EBS snapshot archive tier (full snapshots)');
    expect(words).toContain('archive of Monthly');
    expect(words).toContain('≈12 archived');
    expect(words).toContain('AWS Backup cold storage');
    // 10 warm ticks in the rung's colour, 110 cold ones
    const ticks = (color: string) => all(tree, 'path').filter((p) => p.attributes.stroke === color && p.attributes.d.match(/M/g)!.length > 3);
    expect(ticks('#4fa3d9')).toHaveLength(1);
    expect(ticks('#4fa3d9')[0].attributes.d.match(/M/g)!.length).toBeGreaterThan(20);
  });

  test('text is escaped; the width is an option', () => {
    const custom = BackupPlanTimeline.render(report, { title: 'Tiers <prod> & "dr"', width: 1000 });
    const tree = parseXml(custom);
    expect(all(tree, 'title')[0].text).toBe('Tiers &lt;prod&gt; &amp; &quot;dr&quot;');
    expect(tree.attributes.width).toBe('1000');
    expect(() => BackupPlanTimeline.render(report, { width: 500 })).toThrow(/`width` must be at least 800 pixels, got 500/);
  });

  test('an app without tiers renders a valid, explicit empty chart', () => {
    const empty = BackupPlanReport.forApp(testApp()).toSvg();
    expect(texts(parseXml(empty))).toContain('No tiers: no TieredBackup in this app.');
  });
});

describe('the render check (rsvg-convert)', () => {
  const svg = exampleReport().toSvg();
  const height = Number(parseXml(svg).attributes.height);

  /** rsvg-convert is required on CI (the lead's apt line installs librsvg2-bin); skipped elsewhere. */
  function renderer(): boolean {
    if (hasRsvgConvert()) return true;
    if (process.env.CI === 'true') throw new Error('rsvg-convert is missing: apt-get install -y --no-install-recommends librsvg2-bin');
    // eslint-disable-next-line no-console
    console.warn('rsvg-convert not found: the SVG render check is skipped (apt-get install librsvg2-bin)');
    return false;
  }

  test('the example app\'s timeline renders to a PNG of its size, with ink, RPO bars and DR copies', () => {
    if (!renderer()) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'timeline-'));
    try {
      const svgFile = path.join(dir, 'timeline.svg');
      const pngFile = path.join(dir, 'timeline.png');
      fs.writeFileSync(svgFile, svg);
      svgToPng(svgFile, pngFile);
      const png = decodePng(fs.readFileSync(pngFile));
      expect([png.width, png.height]).toEqual([1280, height]);
      expect(countInk(png)).toBeGreaterThan(png.width * png.height * 0.03);
      expect(countColor(png, '#d62828')).toBeGreaterThan(4 * 50); // four red RPO bars
      expect(countColor(png, '#e0701b')).toBeGreaterThan(2 * 100); // two DR lanes of ticks
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('docs/plan-timeline.svg and .png are what the example app renders (scripts/render-svg.sh)', () => {
    const committed = fs.readFileSync(path.join(DOCS, 'plan-timeline.svg'), 'utf8');
    if (committed !== svg) throw new Error('docs/plan-timeline.svg is out of date: run scripts/render-svg.sh');
    const png = decodePng(fs.readFileSync(path.join(DOCS, 'plan-timeline.png')));
    expect([png.width, png.height]).toEqual([1280, height]);
  });
});
