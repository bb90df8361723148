/**
 * Jest's transformer: swc transpiles every TypeScript file (test and source) file by file; when
 * jest collects coverage, the files it covers (`collectCoverageFrom`: src/) are then
 * instrumented with istanbul, mapped back to the TypeScript through swc's source map.
 *
 * Why not V8's coverage (jest's `coverageProvider: 'v8'`): it turns on precise block coverage
 * for every function the process runs — aws-cdk-lib and its template validator included, which
 * are most of the suite's CPU time — and made the whole run 70% slower. Instrumenting only the
 * library's own files costs a few seconds. (The types are checked by tsc in the test task.)
 *
 * Plain JavaScript: jest loads its transformer without transforming it.
 */
'use strict';
const crypto = require('crypto');
const { createTransformer: createSwcTransformer } = require('@swc/jest');
const { createInstrumenter } = require('istanbul-lib-instrument');

function createTransformer(swcOptions) {
  const swc = createSwcTransformer({ ...swcOptions, sourceMaps: true });
  return {
    canInstrument: true,
    process(source, filename, options) {
      // always CommonJS (jest asks for ES modules when it instruments files no test loaded)
      const compiled = swc.process(source, filename, { ...options, instrument: false, supportsStaticESM: false });
      const map = typeof compiled.map === 'string' ? JSON.parse(compiled.map) : compiled.map;
      if (!options.instrument) return { code: compiled.code, map };
      const instrumenter = createInstrumenter({ esModules: false, produceSourceMap: true, autoWrap: true, compact: false });
      const code = instrumenter.instrumentSync(compiled.code, filename, map);
      return { code, map: instrumenter.lastSourceMap() };
    },
    getCacheKey(source, filename, options) {
      return crypto.createHash('sha1')
        .update(swc.getCacheKey(source, filename, options))
        .update(options.instrument ? '\0instrumented' : '\0plain')
        .digest('hex');
    },
  };
}

module.exports = { createTransformer };
