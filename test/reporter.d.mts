/** test/reporter.mjs: tap's reporter, a stream from raw TAP to the short summary. */
import { Transform } from 'node:stream';

export default class Summary extends Transform {}
