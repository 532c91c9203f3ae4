/**
 * The casts PUT /auth/verifyemail applies to its body (src/tiledesk/casts.ts), path type by path
 * type. Every value here is what tiledesk-server 2.19.16 (mongoose 5.13) answered for the same
 * body: the saved value read back from its 200, or the `msg` of its 500.
 */
import t from 'tap';
import { CastFailure, castPath, type PathType } from '../../src/tiledesk/casts.js';

/** Node's AssertionError of `assert.ok(false)` as the real server serialises it. */
const ASSERTION = {
  generatedMessage: true,
  code: 'ERR_ASSERTION',
  actual: false,
  expected: true,
  operator: '==',
};

/** The CastError's `msg` for a failed value; `reason` as the real server wrote it. */
function castError(
  kind: string,
  value: unknown,
  path: string | undefined,
  stringValue: string,
  valueType: string,
  reason: unknown,
) {
  return {
    stringValue,
    valueType,
    kind,
    value,
    path,
    reason,
    name: 'CastError',
    message: `Cast to ${kind} failed for value ${stringValue} (type ${valueType}) at path "${path}"`,
  };
}

/** Casts, and returns what the real server would show: the value, or the CastError's JSON. */
function cast(type: PathType, value: unknown, path: string): { cast: unknown } | { error: object } {
  try {
    return { cast: castPath(type, value, path) };
  } catch (error) {
    if (!(error instanceof CastFailure)) throw error;
    return { error: error.json };
  }
}

t.test(
  'String paths: scalars become strings; objects fail unless their _id is a string',
  async (t) => {
    const saved: [unknown, unknown][] = [
      [12, '12'],
      [1.5, '1.5'],
      [0, '0'],
      [true, 'true'],
      [false, 'false'],
      ['x', 'x'],
      [null, null],
      [{ _id: 'idname' }, 'idname'],
    ];
    for (const [value, expected] of saved) {
      t.strictSame(cast('string', value, 'firstname'), { cast: expected }, JSON.stringify(value));
    }
    const refused: [unknown, string, string][] = [
      [{ _id: '' }, `"{ _id: '' }"`, 'Object'],
      [{ _id: 5 }, '"{ _id: 5 }"', 'Object'],
      [{ a: 1 }, '"{ a: 1 }"', 'Object'],
      [{ toString: 'x' }, `"{ toString: 'x' }"`, 'Object'],
      [[], '"[]"', 'Array'],
      [['x'], `"[ 'x' ]"`, 'Array'],
      // An object whose "constructor" is no function is of type "object".
      [{ constructor: 1 }, '"{ constructor: 1 }"', 'object'],
      [{ constructor: { name: 'X' } }, `"{ constructor: { name: 'X' } }"`, 'object'],
    ];
    for (const [value, stringValue, valueType] of refused) {
      t.strictSame(
        cast('string', value, 'firstname'),
        { error: castError('string', value, 'firstname', stringValue, valueType, null) },
        JSON.stringify(value),
      );
    }
  },
);

t.test("Number paths: strings and booleans convert; an object's _id stands for it", async (t) => {
  const saved: [unknown, unknown][] = [
    [5, 5],
    [1.5, 1.5],
    ['5', 5],
    [' 7 ', 7],
    ['0x10', 16],
    ['1e3', 1000],
    [true, 1],
    [false, 0],
    ['', null],
    [null, null],
    [{ _id: 5 }, 5],
    [{ _id: '7' }, 7],
    [{ _id: '' }, null],
    [{ _id: null }, null],
  ];
  for (const [value, expected] of saved) {
    t.strictSame(cast('number', value, 'status'), { cast: expected }, JSON.stringify(value));
  }
  const refused: [unknown, string, string][] = [
    ['abc', '"abc"', 'string'],
    [[5], '"[ 5 ]"', 'Array'],
    [[], '"[]"', 'Array'],
    [{}, '"{}"', 'Object'],
    [{ constructor: 's' }, `"{ constructor: 's' }"`, 'object'],
  ];
  for (const [value, stringValue, valueType] of refused) {
    t.strictSame(
      cast('number', value, 'status'),
      { error: castError('Number', value, 'status', stringValue, valueType, ASSERTION) },
      JSON.stringify(value),
    );
  }
  t.strictSame(
    cast('number', { _id: 'abc' }, 'status'),
    { error: castError('Number', 'abc', 'status', '"abc"', 'string', ASSERTION) },
    'the error names the _id, not the object',
  );
  t.strictSame(
    cast('number', 'x', '__v'),
    { error: castError('Number', 'x', '__v', '"x"', 'string', ASSERTION) },
    'the path is the one given',
  );
  // Number() of these throws a TypeError (no toString or valueOf to call): its JSON is {}.
  t.strictSame(cast('number', { toString: 1, valueOf: 1 }, 'status'), {
    error: castError(
      'Number',
      { toString: 1, valueOf: 1 },
      'status',
      '"{ toString: 1, valueOf: 1 }"',
      'Object',
      {},
    ),
  });
  t.strictSame(cast('number', [{ toString: 1 }], 'status'), {
    error: castError('Number', [{ toString: 1 }], 'status', '"[ { toString: 1 } ]"', 'Array', {}),
  });
});

t.test('Boolean paths: five values each way, null stays; the rest fail twice', async (t) => {
  for (const value of [true, 'true', 1, '1', 'yes']) {
    t.strictSame(cast('boolean', value, 'emailverified'), { cast: true }, JSON.stringify(value));
  }
  for (const value of [false, 'false', 0, '0', 'no']) {
    t.strictSame(cast('boolean', value, 'emailverified'), { cast: false }, JSON.stringify(value));
  }
  t.strictSame(cast('boolean', null, 'emailverified'), { cast: null });
  const refused: [unknown, string, string][] = [
    ['notabool', '"notabool"', 'string'],
    ['YES', '"YES"', 'string'],
    [2, '"2"', 'number'],
    [[true], '"[ true ]"', 'Array'],
    [{}, '"{}"', 'Object'],
    [{ _id: true }, '"{ _id: true }"', 'Object'],
  ];
  for (const [value, stringValue, valueType] of refused) {
    // The inner CastError (the reason) has no path and no reason of its own.
    const reason = castError('boolean', value, undefined, stringValue, valueType, undefined);
    t.strictSame(
      cast('boolean', value, 'emailverified'),
      { error: castError('Boolean', value, 'emailverified', stringValue, valueType, reason) },
      JSON.stringify(value),
    );
  }
});

t.test(
  "Date paths: numbers are milliseconds, strings are parsed, Date's range is the bound",
  async (t) => {
    const saved: [unknown, unknown][] = [
      [300000, '1970-01-01T00:05:00.000Z'],
      [8640000000000000, '+275760-09-13T00:00:00.000Z'],
      ['2021-01-01', '2021-01-01T00:00:00.000Z'],
      // A number in a string within the years' range is a year (or what Date.parse makes of it)...
      ['2021', '2021-01-01T00:00:00.000Z'],
      ['-5', '2001-05-01T00:00:00.000Z'],
      ['-271820', '-271820-01-01T00:00:00.000Z'],
      ['275760', '+275760-01-01T00:00:00.000Z'],
      // ...and out of it, milliseconds.
      ['-271821', '1969-12-31T23:55:28.179Z'],
      ['275761', '1970-01-01T00:04:35.761Z'],
      ['300000', '1970-01-01T00:05:00.000Z'],
      [' 300000 ', '1970-01-01T00:05:00.000Z'],
      ['-300000', '1969-12-31T23:55:00.000Z'],
      ['0x50000', '1970-01-01T00:05:27.680Z'],
      ['1e6', '1970-01-01T00:16:40.000Z'],
      // A list is parsed as its elements joined.
      [[2021], '2021-01-01T00:00:00.000Z'],
      [[1, 2], '2001-01-02T00:00:00.000Z'],
      ['', null],
      [null, null],
    ];
    for (const [value, expected] of saved) {
      t.strictSame(cast('date', value, 'signedInAt'), { cast: expected }, JSON.stringify(value));
    }
    const refused: [unknown, string, string][] = [
      [true, '"true"', 'boolean'],
      [false, '"false"', 'boolean'],
      ['notadate', '"notadate"', 'string'],
      ['300000000000000000', '"300000000000000000"', 'string'],
      [8640000000000001, '"8640000000000001"', 'number'],
      [{}, '"{}"', 'Object'],
      [{ _id: '2021' }, `"{ _id: '2021' }"`, 'Object'],
    ];
    for (const [value, stringValue, valueType] of refused) {
      t.strictSame(
        cast('date', value, 'signedInAt'),
        { error: castError('date', value, 'signedInAt', stringValue, valueType, ASSERTION) },
        JSON.stringify(value),
      );
    }
    // Converting these to a primitive throws a TypeError: its JSON is {}.
    t.strictSame(cast('date', { toString: 1 }, 'signedInAt'), {
      error: castError('date', { toString: 1 }, 'signedInAt', '"{ toString: 1 }"', 'Object', {}),
    });
    t.strictSame(cast('date', [{ toString: 1 }], 'signedInAt'), {
      error: castError(
        'date',
        [{ toString: 1 }],
        'signedInAt',
        '"[ { toString: 1 } ]"',
        'Array',
        {},
      ),
    });
  },
);

t.test("stringValue: util.inspect's form, its single quotes made double", async (t) => {
  const rows: [unknown, string][] = [
    ['"abc', '""abc"'],
    ['abc"', '"abc""'],
    ["it's", `"it's"`],
    [`a'b"c`, `"\`a'b"c\`"`],
  ];
  for (const [value, stringValue] of rows) {
    t.strictSame(
      cast('number', value, 'status'),
      { error: castError('Number', value, 'status', stringValue, 'string', ASSERTION) },
      JSON.stringify(value),
    );
  }
  t.strictSame(cast('string', { q: '"x' }, 'firstname'), {
    error: castError('string', { q: '"x' }, 'firstname', `"{ q: '"x' }"`, 'Object', null),
  });
});

t.test('Mixed paths keep any value as it is', async (t) => {
  const object = { a: [1, { b: null }] };
  t.equal(castPath('mixed', object, 'attributes'), object);
  for (const value of ['s', 5, null]) t.equal(castPath('mixed', value, 'attributes'), value);
});

t.test("the failure is the real server's CastError, byte for byte", async (t) => {
  const failure = (() => {
    try {
      castPath('number', 'abc', 'status');
    } catch (error) {
      return error;
    }
  })();
  t.ok(failure instanceof CastFailure);
  t.equal((failure as Error).name, 'CastFailure');
  t.equal(
    (failure as Error).message,
    'Cast to Number failed for value "abc" (type string) at path "status"',
  );
  t.equal(
    JSON.stringify((failure as CastFailure).json),
    '{"stringValue":"\\"abc\\"","valueType":"string","kind":"Number","value":"abc","path":"status","reason":{"generatedMessage":true,"code":"ERR_ASSERTION","actual":false,"expected":true,"operator":"=="},"name":"CastError","message":"Cast to Number failed for value \\"abc\\" (type string) at path \\"status\\""}',
  );
  const inner = cast('boolean', 'notabool', 'emailverified');
  t.equal(
    JSON.stringify(inner),
    '{"error":{"stringValue":"\\"notabool\\"","valueType":"string","kind":"Boolean","value":"notabool","path":"emailverified","reason":{"stringValue":"\\"notabool\\"","valueType":"string","kind":"boolean","value":"notabool","name":"CastError","message":"Cast to boolean failed for value \\"notabool\\" (type string) at path \\"undefined\\""},"name":"CastError","message":"Cast to Boolean failed for value \\"notabool\\" (type string) at path \\"emailverified\\""}}',
  );
});
