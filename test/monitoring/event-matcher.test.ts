/** The test matcher itself, on the examples of the EventBridge user guide's pattern pages. */
import { matches, renderInput, valueAt } from './event-matcher';

const EVENT = {
  'source': 'aws.ec2',
  'detail-type': 'EC2 Instance State-change Notification',
  'resources': ['arn:aws:ec2:us-east-1:123456789012:instance/i-1', 'arn:aws:ec2:us-east-1:123456789012:instance/i-2'],
  'detail': { 'state': 'running', 'instance-id': 'i-1', 'count': 5, 'c-count': null, 'nested': { deep: 'x' } },
};

describe('event pattern matcher', () => {
  test.each([
    ['exact value', { source: ['aws.ec2'] }, true],
    ['exact value, other', { source: ['aws.dlm'] }, false],
    ['one of several values', { source: ['aws.dlm', 'aws.ec2'] }, true],
    ['every key must match', { 'source': ['aws.ec2'], 'detail-type': ['other'] }, false],
    ['nested object', { detail: { state: ['running'] } }, true],
    ['nested object, other value', { detail: { state: ['stopped'] } }, false],
    ['missing field does not match', { detail: { absent: ['x'] } }, false],
    ['object pattern on a scalar does not match', { source: { x: ['y'] } }, false],
    ['deep nesting', { detail: { nested: { deep: ['x'] } } }, true],
    ['array field: any element', { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-2'] }, true],
    ['array field: no element', { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-3'] }, false],
    ['null matches null', { detail: { 'c-count': [null] } }, true],
    ['number exact', { detail: { count: [5] } }, true],
    ['number is not its string', { detail: { count: ['5'] } }, false],
    ['prefix', { detail: { state: [{ prefix: 'run' }] } }, true],
    ['prefix, other', { detail: { state: [{ prefix: 'stop' }] } }, false],
    ['anything-but list', { detail: { state: [{ 'anything-but': ['stopped', 'pending'] }] } }, true],
    ['anything-but list containing it', { detail: { state: [{ 'anything-but': ['running'] }] } }, false],
    ['anything-but single value', { detail: { state: [{ 'anything-but': 'running' }] } }, false],
    ['exists true', { detail: { state: [{ exists: true }] } }, true],
    ['exists true, absent', { detail: { absent: [{ exists: true }] } }, false],
    ['exists false, absent', { detail: { absent: [{ exists: false }] } }, true],
    ['exists false, present', { detail: { state: [{ exists: false }] } }, false],
    ['numeric range', { detail: { count: [{ numeric: ['>', 0, '<=', 5] }] } }, true],
    ['numeric range, outside', { detail: { count: [{ numeric: ['>', 5] }] } }, false],
    ['numeric on a string', { detail: { state: [{ numeric: ['>', 0] }] } }, false],
  ])('%s', (_name, pattern, expected) => {
    expect(matches(pattern, EVENT)).toBe(expected);
  });

  test('a malformed pattern is refused', () => {
    expect(() => matches({ source: 'aws.ec2' } as any, EVENT)).toThrow('must be an array or an object');
    expect(() => matches({ detail: { count: [{ numeric: ['!', 1] }] } }, EVENT)).toThrow('unknown numeric operator');
    expect(() => matches({ detail: { count: [{ suffix: 'x' }] } }, EVENT)).toThrow('unsupported rule');
  });
});

describe('input transformer rendering', () => {
  test('paths resolve through objects; absent paths are undefined', () => {
    expect(valueAt(EVENT, '$.detail.nested.deep')).toBe('x');
    expect(valueAt(EVENT, '$.detail.absent')).toBeUndefined();
    expect(() => valueAt(EVENT, 'detail')).toThrow('must start with $');
  });

  test('a quoted template is delivered as its text, values substituted (quotes escaped), unknown names kept', () => {
    const transformer = { InputPathsMap: { s: '$.detail.state', n: '$.detail.count', q: '$.quoted' }, InputTemplate: '"<s> x<n> <q> <other>"' };
    expect(renderInput(transformer, { ...EVENT, quoted: 'say "hi"' })).toBe('running x5 say "hi" <other>');
  });

  test('a JSON template gets values as JSON', () => {
    expect(renderInput({ InputPathsMap: { r: '$.resources' }, InputTemplate: '{"r": <r>}' }, EVENT))
      .toBe('{"r": ["arn:aws:ec2:us-east-1:123456789012:instance/i-1","arn:aws:ec2:us-east-1:123456789012:instance/i-2"]}');
  });
});
