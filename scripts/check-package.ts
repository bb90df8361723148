/**
 * CI, after the build: the package holds exactly the allowed files, the built ones included,
 * within the size budget (scripts/package-policy.ts). Prints the sizes.
 *
 *   npx ts-node -T scripts/check-package.ts
 */
import * as path from 'path';
import { BUDGET, dryRunPack, packageProblems } from './package-policy';

const pack = dryRunPack(path.resolve(__dirname, '..'));
const problems = packageProblems(pack, { built: true });
console.log(`package: ${pack.files.length} files, ${pack.size} bytes packed (budget ${BUDGET.packedBytes}), `
  + `${pack.unpackedSize} bytes unpacked (budget ${BUDGET.unpackedBytes})`);
for (const p of problems) console.log(`  ${p}`);
process.exitCode = problems.length > 0 ? 1 : 0;
